package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Indexing and search figures on the embedded node, printed in one run (not part of the test suite):
 *
 * <pre>
 * ./mvnw -B -pl indexer/search-node,indexer verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=IndexerBenchmark [-Dbench.docs=100000] [-Dit.node.heap=512m]
 * </pre>
 *
 * <ol>
 *   <li>documents/s and MB/s through the indexer (default settings: batches of 500 / 5 MB / 200 ms,
 *       4 requests in flight, shared explicit refresh, per-item results) against a bare bulk load of the same
 *       documents through the same client (batches of 500, 4 in flight, no refresh wait, one refresh at
 *       the end); both times run until the documents are searchable;</li>
 *   <li>the cost of each refresh mode;</li>
 *   <li>time from handing a document to the indexer until it is searchable, p50/p99, at a steady rate;</li>
 *   <li>search latency p50/p99 with 20 concurrent searchers on the full index.</li>
 * </ol>
 */
class IndexerBenchmark {

    static final int BATCH = 500;
    static final int IN_FLIGHT = 4;

    @Test
    void run() throws Exception {
        int total = Integer.getInteger("bench.docs", 100_000);
        ElasticsearchAsyncClient client = TestEngine.client();
        DocumentJson json = new DocumentJson(IndexerSettings.defaults().maxTextChars());
        System.out.printf("%n=== Rokhsa indexer benchmark: %,d synthetic documents (half Arabic, half French), node heap %s, %d cores ===%n",
                total, System.getProperty("it.node.heap", "512m"), Runtime.getRuntime().availableProcessors());
        System.out.println("load average at start: " + loadAverage() + " (other processes share these cores)");

        List<IndexedDocument> warm = SyntheticDocuments.generate(3_000, 7, "w-");
        bare(client, json, warm, TestEngine.freshIndex("bench-warm-bare", IndexerSettings.defaults()));
        throughIndexer(IndexerSettings.defaults(), warm, "bench-warm-indexer");

        List<IndexedDocument> docs = SyntheticDocuments.generate(total, 42, "d-");
        long bytes = docs.stream().mapToLong(d -> json.toJson(d, Instant.EPOCH).length).sum();
        System.out.printf("corpus: %,d documents, %.1f MB of JSON (%.0f bytes each on average)%n",
                total, bytes / 1e6, (double) bytes / total);

        // Other processes share this machine: the two loads alternate in chunks of 10,000 so that
        // both see the same background load; each grows its own index to the full size.
        ElasticsearchDossierIndex bareIndex = TestEngine.freshIndex("bench-bare", IndexerSettings.defaults());
        ElasticsearchDossierIndex mainIndex = TestEngine.freshIndex("bench-main", IndexerSettings.defaults());
        double bareSeconds = 0;
        double indexerSeconds = 0;
        long indexedCount = 0;
        long retried = 0;
        for (int from = 0; from < total; from += 10_000) {
            List<IndexedDocument> chunk = docs.subList(from, Math.min(total, from + 10_000));
            bareSeconds += bare(client, json, chunk, bareIndex);
            Run r = throughIndexer(mainIndex, IndexerSettings.defaults(), chunk);
            indexerSeconds += r.seconds;
            indexedCount += r.indexed;
            retried += r.retried;
        }
        Run indexed = new Run(indexerSeconds, indexedCount, retried, mainIndex);
        assertThat(indexed.indexed).isEqualTo(total);
        System.out.printf("%n[1] indexing until searchable%n");
        System.out.printf("    bare bulk load     : %8.0f docs/s  %6.2f MB/s  (%.1f s)%n", total / bareSeconds, bytes / 1e6 / bareSeconds, bareSeconds);
        System.out.printf("    indexer (default)  : %8.0f docs/s  %6.2f MB/s  (%.1f s, %d documents retried)%n",
                total / indexed.seconds, bytes / 1e6 / indexed.seconds, indexed.seconds, indexed.retried);
        System.out.printf("    ratio indexer/bare : %.2f%n", bareSeconds / indexed.seconds);

        System.out.printf("%n[2] refresh modes (10,000 documents each, until searchable)%n");
        List<IndexedDocument> slice = docs.subList(0, Math.min(10_000, total));
        for (IndexerSettings.RefreshMode mode : IndexerSettings.RefreshMode.values()) {
            Run r = throughIndexer(IndexerSettings.defaults().withRefresh(mode), slice, "bench-refresh");
            System.out.printf("    %-9s : %8.0f docs/s%n", mode, slice.size() / r.seconds);
        }

        System.out.printf("%n[3] hand-over to searchable at a steady 200 documents/s (3,000 documents)%n");
        for (IndexerSettings.RefreshMode mode : List.of(IndexerSettings.RefreshMode.WAIT_FOR, IndexerSettings.RefreshMode.IMMEDIATE)) {
            long[] latencies = steadyLatencies(mode, SyntheticDocuments.generate(3_000, 99, "s-" + mode + "-"), 200);
            System.out.printf("    %-9s : p50 %4d ms  p99 %4d ms  max %4d ms%n", mode,
                    percentile(latencies, 50), percentile(latencies, 99), latencies[latencies.length - 1]);
        }

        // Only the searched index stays (a live node holds one index, not the benchmark's copies).
        Mono.fromFuture(() -> client.indices().delete(d -> d.index("bench-bare*", "bench-warm*", "bench-refresh*", "bench-steady*")
                .allowNoIndices(true).ignoreUnavailable(true))).block(Duration.ofMinutes(2));
        System.out.printf("%n[4] search on %,d documents, 20 concurrent reviewers%n", total);
        searchLatency(indexed.index, 20, 20, Duration.ZERO, "warm-up (not counted)");
        searchLatency(indexed.index, 20, 50, Duration.ofSeconds(1),
                "reviewers who read between searches (think time 0.5-1.5 s, far busier than a person)");
        searchLatency(indexed.index, 20, 150, Duration.ZERO, "back to back, no think time (saturation)");
        System.out.printf("%nsearch node: resident memory %s%n", residentMemory(TestEngine.node().pid()));
        System.out.println("load average at end: " + loadAverage());
    }

    record Run(double seconds, long indexed, long retried, ElasticsearchDossierIndex index) {
    }

    /** Plain bulk requests of pre-built sources: no per-item handling, no refresh wait; one refresh at the end. */
    static double bare(ElasticsearchAsyncClient client, DocumentJson json, List<IndexedDocument> docs, ElasticsearchDossierIndex target) {
        long start = System.nanoTime();
        Long errors = Flux.fromIterable(docs)
                .map(d -> BulkOperation.of(b -> b.index(i -> i.index(target.alias()).id(d.documentId())
                        .document(BinaryData.of(json.toJson(d, Instant.now()), ContentType.APPLICATION_JSON)))))
                .buffer(BATCH)
                .flatMap(ops -> Mono.fromFuture(() -> client.bulk(BulkRequest.of(b -> b.operations(ops))))
                        .map(r -> r.errors() ? 1L : 0L), IN_FLIGHT)
                .reduce(0L, Long::sum)
                .then(Mono.defer(() -> Mono.fromFuture(() -> client.indices().refresh(r -> r.index(target.alias())))).thenReturn(0L))
                .block(Duration.ofMinutes(30));
        assertThat(errors).isZero();
        return (System.nanoTime() - start) / 1e9;
    }

    static Run throughIndexer(IndexerSettings settings, List<IndexedDocument> docs, String prefix) {
        return throughIndexer(TestEngine.freshIndex(prefix, settings), settings, docs);
    }

    static Run throughIndexer(ElasticsearchDossierIndex index, IndexerSettings settings, List<IndexedDocument> docs) {
        long start = System.nanoTime();
        List<IndexResult> results = index.ingest(Flux.fromIterable(docs)).collectList().block(Duration.ofMinutes(30));
        if (settings.refresh() == IndexerSettings.RefreshMode.NONE) {
            Mono.fromFuture(() -> TestEngine.client().indices().refresh(r -> r.index(index.alias()))).block();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long ok = results.stream().filter(IndexResult::indexed).count();
        long retried = results.stream().filter(r -> r.attempts() > 1).count();
        return new Run(seconds, ok, retried, index);
    }

    /** Documents handed over one by one at {@code perSecond}; latency = hand-over to INDEXED result (searchable). */
    static long[] steadyLatencies(IndexerSettings.RefreshMode mode, List<IndexedDocument> docs, int perSecond) {
        ElasticsearchDossierIndex index = TestEngine.freshIndex("bench-steady", IndexerSettings.defaults().withRefresh(mode));
        ConcurrentHashMap<String, Long> handedOver = new ConcurrentHashMap<>();
        List<Long> latencies = index.ingest(Flux.interval(Duration.ofNanos(1_000_000_000L / perSecond))
                        .take(docs.size())
                        .onBackpressureBuffer()
                        .map(i -> {
                            IndexedDocument d = docs.get(i.intValue());
                            handedOver.put(d.documentId(), System.nanoTime());
                            return d;
                        }))
                .map(r -> {
                    assertThat(r.indexed()).isTrue();
                    return (System.nanoTime() - handedOver.get(r.documentId())) / 1_000_000;
                })
                .collectList().block(Duration.ofMinutes(5));
        // check "searchable" really holds: every document is found right after its result
        assertThat(index.search(SearchQuery.of(null).withPage(0, 1), Scope.all()).block().total()).isEqualTo(docs.size());
        return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** {@code think}: mean pause of each searcher between two searches (uniform in 0.5x..1.5x); zero: back to back. */
    static void searchLatency(ElasticsearchDossierIndex index, int searchers, int perSearcher, Duration think, String label) {
        SplittableRandom random = new SplittableRandom(5 + perSearcher);
        List<SearchQuery> queries = new ArrayList<>();
        List<Scope> scopes = new ArrayList<>();
        for (int i = 0; i < searchers * perSearcher; i++) {
            String text = switch (i % 8) {
                case 0 -> word(random, SyntheticDocuments.FR) + " " + word(random, SyntheticDocuments.FR);
                case 1 -> word(random, SyntheticDocuments.AR) + " " + word(random, SyntheticDocuments.AR);
                case 2 -> "\"titre foncier\" " + word(random, SyntheticDocuments.FR);
                case 3 -> (10_000 + random.nextInt(90_000)) + "/" + (1 + random.nextInt(99));
                case 4 -> String.format("BM-2026-%06d", random.nextInt(20_000));
                case 5 -> word(random, SyntheticDocuments.FR) + " -" + word(random, SyntheticDocuments.FR);
                case 6 -> word(random, SyntheticDocuments.AR) + " " + word(random, SyntheticDocuments.FR) + " "
                        + word(random, SyntheticDocuments.FR);
                default -> "";
            };
            SearchQuery q = SearchQuery.of(text);
            if (i % 3 == 0) {
                q = q.withStatus(SyntheticDocuments.STATUSES[random.nextInt(SyntheticDocuments.STATUSES.length)]);
            }
            queries.add(q);
            // two in three searches are scoped like a reviewer's (one commune) or a commission member's
            scopes.add(switch (i % 3) {
                case 0 -> Scope.commune(SyntheticDocuments.communeCode(random.nextInt(50)));
                case 1 -> Scope.organisation(SyntheticDocuments.ORGS[random.nextInt(SyntheticDocuments.ORGS.length)]);
                default -> Scope.all();
            });
        }
        long[] latencies = new long[queries.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        Flux.range(0, searchers)
                .flatMap(s -> Flux.range(0, perSearcher).concatMap(k -> {
                    int i = next.getAndIncrement();
                    Mono<Long> pause = think.isZero() ? Mono.just(0L)
                            : Mono.delay(Duration.ofMillis((long) (think.toMillis() * (0.5 + (i * 0.618034) % 1.0))));
                    return pause.then(Mono.defer(() -> {
                        long t0 = System.nanoTime();
                        return index.search(queries.get(i), scopes.get(i))
                                .doOnNext(page -> latencies[i] = (System.nanoTime() - t0) / 1_000)
                                .onErrorResume(e -> {
                                    failures.incrementAndGet();
                                    return Mono.empty();
                                });
                    }));
                }), searchers)
                .subscribeOn(Schedulers.boundedElastic())
                .blockLast(Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
        System.out.printf("    %s: %d searches (words FR/AR, phrase, title deed, reference, exclusion, blank; 2/3 scoped, 1/3 with a status filter)%n",
                label, sorted.length);
        System.out.printf("    latency p50 %.1f ms  p99 %.1f ms  max %.1f ms; %.0f searches/s; %d failures%n",
                percentile(sorted, 50) / 1000.0, percentile(sorted, 99) / 1000.0, sorted[sorted.length - 1] / 1000.0,
                sorted.length / seconds, failures.get());
        assertThat(failures.get()).isZero();
    }

    static String word(SplittableRandom random, String[] words) {
        return words[random.nextInt(words.length)];
    }

    static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }

    static String residentMemory(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM"))
                    .map(l -> l.replaceAll("\\s+", " "))
                    .reduce((a, b) -> a + ", " + b).orElse("?");
        } catch (Exception e) {
            return "? (" + e.getMessage() + ")";
        }
    }
}
