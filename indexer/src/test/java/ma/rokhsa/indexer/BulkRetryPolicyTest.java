package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;

class BulkRetryPolicyTest {

    final BulkRetryPolicy policy = new BulkRetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void pushBackAndOutagesAreRetriedRefusalsAreNot() {
        assertThat(policy.retryable(429, "es_rejected_execution_exception")).isTrue();
        assertThat(policy.retryable(429, null)).isTrue();
        assertThat(policy.retryable(503, "unavailable_shards_exception")).isTrue();
        assertThat(policy.retryable(500, "circuit_breaking_exception")).isTrue();
        assertThat(policy.retryable(500, "null_pointer_exception")).isTrue();
        assertThat(policy.retryable(400, "mapper_parsing_exception")).isFalse();
        assertThat(policy.retryable(400, "illegal_argument_exception")).isFalse();
        assertThat(policy.retryable(409, "version_conflict_engine_exception")).isFalse();
        assertThat(policy.retryable(403, "cluster_block_exception")).isTrue(); // read-only index: may clear
    }

    @Test
    void wholeRequestFailuresAreClassifiedThroughTheirWrappers() {
        assertThat(policy.retryable(new CompletionException(error(429, "es_rejected_execution_exception")))).isTrue();
        assertThat(policy.retryable(error(400, "parsing_exception"))).isFalse();
        assertThat(policy.retryable(new CompletionException(new ConnectException("Connection refused")))).isTrue();
        assertThat(policy.retryable(new IOException("Connection reset"))).isTrue();
        assertThat(policy.retryable(new IllegalStateException("bug"))).isFalse();
        assertThat(BulkRetryPolicy.errorCode(new CompletionException(error(429, "es_rejected_execution_exception"))))
                .isEqualTo("es_rejected_execution_exception");
        assertThat(BulkRetryPolicy.errorCode(new ConnectException())).isEqualTo("ENGINE_UNAVAILABLE");
    }

    @RepeatedTest(20)
    void backOffGrowsExponentiallyWithJitterUpToTheCap() {
        for (int attempt = 1; attempt <= 10; attempt++) {
            long full = Math.min(2000, 100L << (attempt - 1));
            assertThat(policy.delay(attempt).toMillis()).as("attempt %d", attempt).isBetween(full / 2, full);
        }
    }

    static ElasticsearchException error(int status, String type) {
        return new ElasticsearchException("es/bulk", ErrorResponse.of(e -> e.status(status)
                .error(c -> c.type(type).reason("test"))));
    }
}
