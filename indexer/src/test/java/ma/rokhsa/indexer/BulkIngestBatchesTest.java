package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class BulkIngestBatchesTest {

    @Test
    void cutsByCount() {
        StepVerifier.create(BulkIngest.batches(Flux.range(1, 7), 3, 1_000_000, i -> 10, Duration.ofSeconds(10)))
                .expectNext(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7))
                .verifyComplete();
    }

    @Test
    void cutsByBytesAndSendsAnOversizedItemAlone() {
        // weights 40, 40, 40, 150, 10 with a budget of 100
        List<Integer> weights = List.of(40, 40, 40, 150, 10);
        StepVerifier.create(BulkIngest.batches(Flux.fromIterable(weights), 100, 100, i -> i, Duration.ofSeconds(10)))
                .expectNext(List.of(40, 40), List.of(40), List.of(150), List.of(10))
                .verifyComplete();
    }

    @Test
    void cutsByTimeWhenTrafficIsSlow() {
        StepVerifier.withVirtualTime(() -> BulkIngest.batches(
                        Flux.concat(Flux.just(1, 2), Flux.just(3).delaySubscription(Duration.ofSeconds(5))),
                        100, 1_000_000, i -> 1, Duration.ofMillis(200)))
                .thenAwait(Duration.ofMillis(200))
                .expectNext(List.of(1, 2))
                .thenAwait(Duration.ofSeconds(5))
                .expectNext(List.of(3))
                .verifyComplete();
    }

    @Test
    void doesNotRequestMoreThanDownstreamCanTake() {
        Flux<Integer> source = Flux.range(1, 1000);
        StepVerifier.create(BulkIngest.batches(source, 10, 1_000_000, i -> 1, Duration.ofSeconds(10)), 2)
                .expectNextCount(2)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }
}
