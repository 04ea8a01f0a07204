package ma.rokhsa.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

class PeriodicTest {

    private static final Duration PERIOD = Duration.ofSeconds(5);

    /** A job that sometimes runs longer than the period, as a search-node restart or a deadline pass can. */
    private static Mono<Void> job(AtomicInteger runs, VirtualTimeScheduler time) {
        return Mono.delay(runs.incrementAndGet() % 3 == 1 ? PERIOD.multipliedBy(3) : Duration.ofSeconds(1), time).then();
    }

    @Test
    void aJobLongerThanThePeriodSkipsTicksAndTheLoopGoesOn() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Disposable loop = Periodic.every(Duration.ZERO, PERIOD, time).concatMap(i -> job(runs, time))
                .subscribe(v -> { }, error::set);
        time.advanceTimeBy(Duration.ofMinutes(10));
        loop.dispose();

        assertThat(error.get()).isNull();
        // 120 periods; every third run takes 3 periods, and the runs never overlap.
        assertThat(runs.get()).isBetween(40, 120);
    }

    @Test
    void theBareIntervalItReplacesDiesOnTheSameJob() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Flux.interval(Duration.ZERO, PERIOD, time).concatMap(i -> job(runs, time)).subscribe(v -> { }, error::set);
        time.advanceTimeBy(Duration.ofMinutes(10));

        assertThat(error.get()).hasMessageContaining("Could not emit tick");
        assertThat(runs.get()).isLessThan(5);
    }
}
