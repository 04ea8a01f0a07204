package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import reactor.blockhound.BlockHound;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * BlockHound proves that the index's reactive paths never block a non-blocking thread: each call is
 * subscribed from a Reactor parallel thread (as a WebFlux handler would be), including the retry
 * path whose back-off timers run there too.
 */
class NonBlockingIT {

    static ElasticsearchDossierIndex index;
    static final DossierFields D = Fixtures.dossier("NB1", "BM-2026-500001", "BUILDING_PERMIT_SMALL", "SUBMITTED", "AZL",
            "Azilal", "atlas", Set.of("AUA"), "2026-02-01");

    @BeforeAll
    static void installBlockHound() {
        index = TestEngine.freshIndex("nonblocking", IndexerSettings.defaults());
        // warm up on the test thread: first use loads classes from jars, which is blocking file I/O
        index.index(List.of(Fixtures.document("warm", D, "w.pdf", "PLANS", "fr", "échauffement"))).block();
        index.search(SearchQuery.of("échauffement"), Scope.all()).block();
        index.health().block();
        // Record instead of throwing: an error thrown from inside a lock's park would corrupt the
        // lock and hide the finding; every test asserts the record is empty.
        BlockHound.Builder builder = BlockHound.builder();
        java.util.ServiceLoader.load(reactor.blockhound.integration.BlockHoundIntegration.class).forEach(builder::with);
        builder
                // an idle scheduler worker waiting for its next task is not a blocking call of ours
                .allowBlockingCallsInside("java.util.concurrent.ThreadPoolExecutor", "getTask")
                .blockingMethodCallback(method -> VIOLATIONS.add(method + " on " + Thread.currentThread().getName()
                        + "\n" + stack()))
                .install();
        // Workers started before the install sit in getTask() uninstrumented: start fresh ones.
        reactor.core.scheduler.Schedulers.shutdownNow();
    }

    static final List<String> VIOLATIONS = new java.util.concurrent.CopyOnWriteArrayList<>();

    static String stack() {
        StringBuilder s = new StringBuilder();
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            s.append("    at ").append(e).append('\n');
        }
        return s.toString();
    }

    @org.junit.jupiter.api.AfterEach
    void noBlockingCall() {
        List<String> found = List.copyOf(VIOLATIONS);
        VIOLATIONS.clear();
        assertThat(found).as("blocking calls on non-blocking threads").isEmpty();
    }

    /** Subscribes on a non-blocking Reactor thread. */
    static <T> Mono<T> fromParallel(Supplier<Mono<T>> call) {
        return Mono.delay(Duration.ZERO).flatMap(tick -> call.get());
    }

    @Test
    void blockHoundIsActive() {
        StepVerifier.create(fromParallel(() -> Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return 1;
                })))
                .expectNext(1)
                .expectComplete().verify(Duration.ofSeconds(60));
        assertThat(VIOLATIONS).singleElement().asString().contains("sleep");
        VIOLATIONS.clear();
    }

    @Test
    void indexSearchUpdateDeleteAndHealthNeverBlock() {
        List<IndexedDocument> docs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            docs.add(Fixtures.document("nb-" + i, D, "nb" + i + ".pdf", "PLANS", "fr", "plan non bloquant " + i));
        }
        StepVerifier.create(fromParallel(() -> index.index(docs)))
                .assertNext(results -> assertThat(results).hasSize(300).allMatch(IndexResult::indexed))
                .expectComplete().verify(Duration.ofSeconds(60));
        StepVerifier.create(fromParallel(() -> index.ingest(Flux.fromIterable(docs).take(10)).collectList()))
                .assertNext(results -> assertThat(results).hasSize(10))
                .expectComplete().verify(Duration.ofSeconds(60));
        StepVerifier.create(fromParallel(() -> index.search(SearchQuery.of("plan \"non bloquant\" -refus"), Scope.commune("AZL"))))
                .assertNext(page -> assertThat(page.total()).isEqualTo(300))
                .expectComplete().verify(Duration.ofSeconds(60));
        StepVerifier.create(fromParallel(() -> index.updateDossier(D)))
                .expectNext(301L)
                .expectComplete().verify(Duration.ofSeconds(60));
        StepVerifier.create(fromParallel(() -> index.delete("nb-0").then(index.deleteDossier("NB1"))))
                .expectNext(300L)
                .expectComplete().verify(Duration.ofSeconds(60));
        StepVerifier.create(fromParallel(index::health))
                .assertNext(h -> assertThat(h.ready()).isTrue())
                .expectComplete().verify(Duration.ofSeconds(60));
        StepVerifier.create(fromParallel(() -> index.search(SearchQuery.of("\"unbalanced"), Scope.all())))
                .expectErrorSatisfies(e -> assertThat(((IndexerException) e).code()).isEqualTo(IndexerException.Code.BAD_QUERY))
                .verify(Duration.ofSeconds(60));
    }

    @Test
    void theRetryPathNeverBlocks() throws Exception {
        // A write-blocked index answers every item with cluster_block_exception: retried after
        // back-offs (timers on parallel threads), then handed back as "retry later".
        String blocked = "nonblocking-blocked";
        TestEngine.client().indices().create(c -> c.index(blocked).settings(s -> s.blocks(b -> b.write(true)))).get();
        ElasticsearchDossierIndex retrying = ElasticsearchDossierIndex.create(TestEngine.client(),
                IndexerSettings.defaults().withAlias(blocked).withRetries(3, Duration.ofMillis(10), Duration.ofMillis(20)));
        StepVerifier.create(fromParallel(() -> retrying.index(List.of(Fixtures.document("x", D, "x.pdf", "PLANS", "fr", "x")))))
                .assertNext(results -> assertThat(results).singleElement().satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(IndexResult.Outcome.RETRY_LATER);
                    assertThat(r.attempts()).isEqualTo(3);
                    assertThat(r.errorCode()).isEqualTo("cluster_block_exception");
                }))
                .expectComplete().verify(Duration.ofSeconds(60));
    }
}
