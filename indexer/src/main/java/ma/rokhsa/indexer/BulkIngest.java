package ma.rokhsa.indexer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The batching bulk indexer behind {@link ElasticsearchDossierIndex#ingest}: documents (already
 * serialised, so bytes are exact) are grouped into bulk requests by count, bytes and time, at most
 * {@code maxConcurrentRequests} requests are in flight (further documents wait upstream: Reactor
 * back-pressure), and each document gets its own {@link IndexResult}. Items the engine pushed back
 * (429, rejected execution, 5xx) or whole requests that failed for the same reasons are sent again
 * after a back-off by {@link BulkRetryPolicy}, alone (the successful ones are not re-sent); items it
 * refused (4xx) are reported at once. A bad document never fails its batch.
 *
 * <p>Each document may be written to several indices at once (the alias and, during a reindex, the
 * next index): it is {@code INDEXED} only when all its writes succeeded.
 *
 * <p>Threading: nothing blocks; requests go through the async client, back-offs use Reactor timers.
 */
final class BulkIngest {

    private static final Logger log = LoggerFactory.getLogger(BulkIngest.class);

    /** One serialised document and the indices it goes to; {@code failure} set when it could not even be serialised. */
    record Prepared(String documentId, BinaryData source, long bytes, List<String> targets, IndexResult failure) {
    }

    /** One write of one document into one index, with its attempt count. */
    private record Op(Prepared doc, String index, int attempts) {
    }

    /** A result, or (result null) a write to send again after {@code retryCode} made it fail. */
    private record Outcome(Op op, IndexResult result, String retryCode) {
    }

    private final ElasticsearchAsyncClient client;
    private final IndexerSettings settings;
    private final BulkRetryPolicy policy;
    private final CoalescedRefresh refresher;

    BulkIngest(ElasticsearchAsyncClient client, IndexerSettings settings, BulkRetryPolicy policy, CoalescedRefresh refresher) {
        this.client = client;
        this.settings = settings;
        this.policy = policy;
        this.refresher = refresher;
    }

    static Prepared prepare(IndexedDocument doc, DocumentJson json, List<String> targets, Instant now) {
        try {
            byte[] bytes = json.toJson(doc, now);
            return new Prepared(doc.documentId(), BinaryData.of(bytes, ContentType.APPLICATION_JSON),
                    bytes.length + 100L * targets.size(), targets, null);
        } catch (RuntimeException e) {
            return new Prepared(doc.documentId(), null, 0, targets,
                    new IndexResult(doc.documentId(), IndexResult.Outcome.REJECTED, "serialisation_failed", e.getMessage(), 0));
        }
    }

    Flux<IndexResult> ingest(Flux<Prepared> documents) {
        return batches(documents, settings.maxBatchDocuments(), settings.maxBatchBytes(), Prepared::bytes,
                settings.flushInterval())
                .flatMap(this::sendBatch, settings.maxConcurrentRequests())
                .concatMapIterable(results -> results);
    }

    /**
     * Cuts a stream into lists of at most {@code maxCount} items and {@code maxBytes} bytes (a single
     * larger item goes alone), each emitted at the latest {@code maxWait} after its window opened.
     */
    static <T> Flux<List<T>> batches(Flux<T> source, int maxCount, long maxBytes, ToLongFunction<T> bytes, Duration maxWait) {
        return source
                .windowTimeout(maxCount, maxWait, true)
                .concatMap(window -> window.bufferUntil(new ByteBudget<>(maxBytes, bytes), true))
                .filter(list -> !list.isEmpty());
    }

    /** Stateful cut predicate: a new buffer starts before the item that would overflow the budget. */
    private static final class ByteBudget<T> implements Predicate<T> {
        private final long max;
        private final ToLongFunction<T> weight;
        private long used;

        ByteBudget(long max, ToLongFunction<T> weight) {
            this.max = max;
            this.weight = weight;
        }

        @Override
        public boolean test(T item) {
            long w = weight.applyAsLong(item);
            if (used > 0 && used + w > max) {
                used = w;
                return true;
            }
            used += w;
            return false;
        }
    }

    private Mono<List<IndexResult>> sendBatch(List<Prepared> batch) {
        List<IndexResult> immediate = new ArrayList<>();
        List<Op> ops = new ArrayList<>();
        for (Prepared doc : batch) {
            if (doc.failure() != null) {
                immediate.add(doc.failure());
            } else {
                doc.targets().forEach(index -> ops.add(new Op(doc, index, 0)));
            }
        }
        if (ops.isEmpty()) {
            return Mono.just(immediate);
        }
        return attempt(ops, 1, new ArrayList<>())
                .flatMap(this::refreshIfAsked)
                .map(outcomes -> {
                    immediate.addAll(combine(outcomes));
                    return immediate;
                });
    }

    /** Sends {@code ops}; retries the retryable failures after a back-off until {@code maxAttempts}. */
    private Mono<List<Outcome>> attempt(List<Op> ops, int attemptNo, List<Outcome> done) {
        List<Op> sent = ops.stream().map(op -> new Op(op.doc(), op.index(), op.attempts() + 1)).toList();
        BulkRequest request = request(sent);
        return Mono.fromFuture(() -> client.bulk(request))
                .map(response -> itemOutcomes(sent, response))
                .onErrorResume(failure -> Mono.just(requestOutcomes(sent, failure)))
                .flatMap(outcomes -> {
                    List<Op> retry = new ArrayList<>();
                    for (Outcome o : outcomes) {
                        if (o.result() != null) {
                            done.add(o);
                        } else if (attemptNo >= policy.maxAttempts()) {
                            done.add(new Outcome(o.op(), giveUp(o.op(), o.retryCode()), null));
                        } else {
                            retry.add(o.op());
                        }
                    }
                    if (retry.isEmpty()) {
                        return Mono.just(done);
                    }
                    Duration delay = policy.delay(attemptNo);
                    log.debug("Engine pushed back on {} of {} bulk items; retrying in {} ms (attempt {})",
                            retry.size(), sent.size(), delay.toMillis(), attemptNo + 1);
                    return Mono.delay(delay).then(Mono.defer(() -> attempt(retry, attemptNo + 1, done)));
                });
    }

    private static IndexResult giveUp(Op op, String code) {
        return new IndexResult(op.doc().documentId(), IndexResult.Outcome.RETRY_LATER, code,
                "The search engine was unavailable or overloaded after " + op.attempts()
                        + " attempts; index this document again later", op.attempts());
    }

    private BulkRequest request(List<Op> ops) {
        List<BulkOperation> operations = new ArrayList<>(ops.size());
        for (Op op : ops) {
            operations.add(BulkOperation.of(b -> b.index(i -> i.index(op.index()).id(op.doc().documentId())
                    .document(op.doc().source()))));
        }
        return BulkRequest.of(b -> {
            b.operations(operations);
            if (settings.refresh() == IndexerSettings.RefreshMode.WAIT_FOR) {
                b.refresh(Refresh.WaitFor);
            }
            return b;
        });
    }

    /** Per item: a result, or null for "send again". */
    private List<Outcome> itemOutcomes(List<Op> sent, BulkResponse response) {
        List<Outcome> outcomes = new ArrayList<>(sent.size());
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < sent.size(); i++) {
            Op op = sent.get(i);
            BulkResponseItem item = i < items.size() ? items.get(i) : null;
            if (item == null) {
                outcomes.add(new Outcome(op, null, IndexerException.Code.ENGINE_ERROR.name()));
            } else if (item.error() == null) {
                outcomes.add(new Outcome(op, IndexResult.indexed(op.doc().documentId(), op.attempts()), null));
            } else {
                String type = item.error().type();
                if (policy.retryable(item.status(), type)) {
                    outcomes.add(new Outcome(op, null, type));
                } else {
                    outcomes.add(new Outcome(op, new IndexResult(op.doc().documentId(), IndexResult.Outcome.REJECTED,
                            type, "The search engine refused this document in " + op.index() + ": " + item.error().reason(),
                            op.attempts()), null));
                }
            }
        }
        return outcomes;
    }

    private List<Outcome> requestOutcomes(List<Op> sent, Throwable failure) {
        boolean retryable = policy.retryable(failure);
        String code = BulkRetryPolicy.errorCode(failure);
        log.debug("Bulk request of {} items failed ({}): {}", sent.size(), retryable ? "will retry" : "refused",
                BulkRetryPolicy.unwrap(failure).toString());
        List<Outcome> outcomes = new ArrayList<>(sent.size());
        for (Op op : sent) {
            if (retryable) {
                outcomes.add(new Outcome(op, null, code));
            } else {
                outcomes.add(new Outcome(op, new IndexResult(op.doc().documentId(), IndexResult.Outcome.REJECTED, code,
                        "The search engine refused the bulk request: " + BulkRetryPolicy.unwrap(failure).getMessage(),
                        op.attempts()), null));
            }
        }
        return outcomes;
    }

    /** {@code IMMEDIATE} mode: results are reported after a (shared) refresh of the indices written. */
    private Mono<List<Outcome>> refreshIfAsked(List<Outcome> done) {
        if (settings.refresh() != IndexerSettings.RefreshMode.IMMEDIATE
                || done.stream().noneMatch(o -> o.result().indexed())) {
            return Mono.just(done);
        }
        List<String> indices = done.stream().map(o -> o.op().index()).distinct().toList();
        return refresher.after(indices).thenReturn(done);
    }

    /** One result per document: indexed only if every one of its writes was. */
    private static List<IndexResult> combine(List<Outcome> outcomes) {
        Map<Prepared, IndexResult> byDoc = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            byDoc.merge(o.op().doc(), o.result(), BulkIngest::worse);
        }
        return new ArrayList<>(byDoc.values());
    }

    private static IndexResult worse(IndexResult a, IndexResult b) {
        if (a.outcome() == b.outcome()) {
            return a.attempts() >= b.attempts() ? a : b;
        }
        if (a.outcome() == IndexResult.Outcome.INDEXED) {
            return b;
        }
        if (b.outcome() == IndexResult.Outcome.INDEXED) {
            return a;
        }
        return a.outcome() == IndexResult.Outcome.REJECTED ? a : b;
    }
}
