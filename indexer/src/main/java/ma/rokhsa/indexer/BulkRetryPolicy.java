package ma.rokhsa.indexer;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;

/**
 * Decides what the bulk indexer does with a failure: retry after a back-off (the engine pushed back
 * with 429 / {@code es_rejected_execution_exception}, a circuit breaker tripped, a 5xx, or the engine
 * could not be reached) or give up on that document (it was refused for what it is: 4xx). Back-off
 * is exponential from {@code initial}, capped at {@code max}, with "equal jitter" (half fixed, half
 * random) so concurrent batches do not retry in lock-step. Immutable and thread-safe.
 */
final class BulkRetryPolicy {

    private static final Set<String> RETRYABLE_TYPES = Set.of(
            "es_rejected_execution_exception", "rejected_execution_exception", "circuit_breaking_exception",
            "cluster_block_exception", "unavailable_shards_exception", "no_shard_available_action_exception",
            "node_not_connected_exception", "process_cluster_event_timeout_exception", "timeout_exception",
            "receive_timeout_transport_exception", "node_closed_exception");

    private final int maxAttempts;
    private final Duration initial;
    private final Duration max;

    BulkRetryPolicy(int maxAttempts, Duration initial, Duration max) {
        this.maxAttempts = maxAttempts;
        this.initial = initial;
        this.max = max;
    }

    int maxAttempts() {
        return maxAttempts;
    }

    /** One item of a bulk answer: is it worth sending again? */
    boolean retryable(int status, String errorType) {
        if (status == 429 || status == 503 || status == 502 || status == 504) {
            return true;
        }
        if (errorType != null && RETRYABLE_TYPES.contains(errorType)) {
            return true;
        }
        return status >= 500 && !"mapper_parsing_exception".equals(errorType);
    }

    /** A whole request failed: is the engine overloaded or away (retry), or did it refuse the request (give up)? */
    boolean retryable(Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof ElasticsearchException ee) {
            String type = ee.error() == null ? null : ee.error().type();
            return retryable(ee.status(), type);
        }
        if (e instanceof TransportException te) {
            int status = te.statusCode();
            return status <= 0 || retryable(status, null) || te.getCause() instanceof IOException;
        }
        return e instanceof IOException || e instanceof TimeoutException || e instanceof ConnectException;
    }

    /** Delay before attempt {@code attempt + 1}, for {@code attempt >= 1}. */
    Duration delay(int attempt) {
        long base = initial.toMillis();
        long capped = Math.min(max.toMillis(), base << Math.min(attempt - 1, 20));
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    /** The engine's error type (for item results) or a short class name. */
    static String errorCode(Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof ElasticsearchException ee && ee.error() != null && ee.error().type() != null) {
            return ee.error().type();
        }
        return IndexerException.Code.ENGINE_UNAVAILABLE.name();
    }

    static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException
                || (e instanceof CancellationException && e.getCause() != null)) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
