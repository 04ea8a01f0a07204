package ma.rokhsa.api.config;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Ticks for periodic jobs (sweeps, watchdogs, lease renewals). A tick that comes while the job's previous
 * run is still going is skipped. A bare {@code Flux.interval} fails with an overflow when its subscriber
 * (a {@code concatMap} running the job) has not asked for the next tick in time, and that error ended the
 * loop for good: a search-node restart longer than the watchdog's period stopped the watchdog, and a slow
 * deadline pass would have stopped the deadline checks.
 */
public final class Periodic {

    private Periodic() {
    }

    public static Flux<Long> every(Duration initialDelay, Duration period) {
        return every(initialDelay, period, Schedulers.parallel());
    }

    public static Flux<Long> every(Duration initialDelay, Duration period, Scheduler timer) {
        return Flux.interval(initialDelay, period, timer).onBackpressureDrop();
    }
}
