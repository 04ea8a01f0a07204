package ma.rokhsa.api.pipeline;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import ma.rokhsa.api.config.Periodic;
import ma.rokhsa.api.config.RokhsaProperties;
import ma.rokhsa.api.events.PgNotifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs one stage on this instance: claims ready tasks up to its concurrency whenever it is woken (a
 * {@code NOTIFY} from any instance, a finished task, or the poll timer as a safety net), runs them,
 * renews their leases while they run, and retries failures with exponential backoff until the task is
 * dead-lettered. Claims are serial per worker; task execution is bounded by the concurrency.
 */
final class StageWorker {

    private static final Logger log = LoggerFactory.getLogger(StageWorker.class);

    private final StageHandler handler;
    private final TaskQueue queue;
    private final PgNotifications notifications;
    private final DeadLetters deadLetters;
    private final RokhsaProperties.Pipeline config;
    private final int concurrency;
    private final String owner;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Sinks.Many<Boolean> wake = Sinks.many().multicast().directBestEffort();
    private final Timer latency;
    private final Counter done;
    private final Counter retried;
    private final Counter dead;
    private final StageHolds holds;
    private Disposable loop;

    StageWorker(StageHandler handler, TaskQueue queue, PgNotifications notifications, DeadLetters deadLetters,
                RokhsaProperties.Pipeline config, String owner, MeterRegistry metrics, StageHolds holds) {
        this.handler = handler;
        this.holds = holds;
        this.queue = queue;
        this.notifications = notifications;
        this.deadLetters = deadLetters;
        this.config = config;
        int configured = config.stage(handler.stage()).concurrency();
        this.concurrency = Math.max(1, configured > 0 ? configured : handler.defaultConcurrency());
        this.owner = owner;
        String stage = handler.stage();
        this.latency = Timer.builder("rokhsa.pipeline.stage.latency").tag("stage", stage)
                .description("Time to process one task").publishPercentiles(0.5, 0.99).register(metrics);
        this.done = Counter.builder("rokhsa.pipeline.stage.tasks").tag("stage", stage).tag("outcome", "done").register(metrics);
        this.retried = Counter.builder("rokhsa.pipeline.stage.tasks").tag("stage", stage).tag("outcome", "retry").register(metrics);
        this.dead = Counter.builder("rokhsa.pipeline.stage.tasks").tag("stage", stage).tag("outcome", "dead").register(metrics);
        metrics.gauge("rokhsa.pipeline.stage.in_flight", io.micrometer.core.instrument.Tags.of("stage", stage), inFlight);
    }

    void start() {
        holds.onRelease(handler.stage(), () -> wake.tryEmitNext(Boolean.TRUE));
        Flux<Object> triggers = Flux.merge(
                notifications.channel("rokhsa_tasks").filter(s -> s.isReconnect() || s.payload().equals(handler.stage())),
                Flux.interval(Duration.ZERO, config.pollInterval()),
                wake.asFlux());
        loop = triggers.onBackpressureLatest()
                .concatMap(t -> claimAndRun().onErrorResume(e -> {
                    log.warn("Stage {}: could not claim tasks: {}", handler.stage(), e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
        log.info("Stage {} running with concurrency {} as {}", handler.stage(), concurrency, owner);
    }

    void stop() {
        if (loop != null) {
            loop.dispose();
        }
    }

    private Mono<Void> claimAndRun() {
        int free = concurrency - inFlight.get();
        if (free <= 0 || holds.held(handler.stage())) {
            return Mono.empty();
        }
        return queue.claim(handler.stage(), owner, free, config.lease())
                .doOnNext(this::launch)
                .count()
                .doOnNext(n -> {
                    if (n == free) {
                        wake.tryEmitNext(Boolean.TRUE);
                    }
                })
                .then();
    }

    private void launch(Task task) {
        inFlight.incrementAndGet();
        Timer.Sample sample = Timer.start();
        Duration renewEvery = config.lease().dividedBy(3);
        Disposable renewal = Periodic.every(renewEvery, renewEvery)
                .concatMap(i -> queue.renew(task, owner, config.lease()).onErrorReturn(true))
                .subscribe();
        handler.process(new StageContext(task, owner, queue))
                .then(Mono.fromRunnable(done::increment))
                .onErrorResume(e -> onFailure(task, e))
                .doFinally(s -> {
                    renewal.dispose();
                    sample.stop(latency);
                    inFlight.decrementAndGet();
                    wake.tryEmitNext(Boolean.TRUE);
                })
                .subscribe();
    }

    private Mono<Void> onFailure(Task task, Throwable e) {
        if (e instanceof OutageException) {
            Duration wait = config.outageRetry();
            log.info("Stage {}: document {} waits {} for an outage to end: {}", handler.stage(), task.documentId(), wait, e.getMessage());
            return queue.postpone(task, owner, e.getMessage() == null ? "outage" : e.getMessage(), wait)
                    .onErrorResume(err -> Mono.empty()).then();
        }
        boolean giveUp = task.attempts() >= config.maxAttempts();
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        Duration backoff = backoff(task.attempts());
        if (giveUp) {
            log.error("Stage {}: document {} failed {} times, dead-lettered: {}", handler.stage(), task.documentId(), task.attempts(), error, e);
        } else {
            log.warn("Stage {}: document {} attempt {} failed, retry in {}: {}", handler.stage(), task.documentId(), task.attempts(), backoff, error);
        }
        return queue.fail(task, owner, error, giveUp, backoff)
                .flatMap(isDead -> {
                    if (isDead) {
                        dead.increment();
                        return deadLetters.onDead(task, error);
                    }
                    retried.increment();
                    return Mono.empty();
                })
                .onErrorResume(err -> {
                    // The lease will expire and the task will be claimed again: nothing is lost.
                    log.warn("Stage {}: could not record failure of document {}: {}", handler.stage(), task.documentId(), err.toString());
                    return Mono.empty();
                })
                .then();
    }

    Duration backoff(int attempts) {
        long factor = 1L << Math.min(20, Math.max(0, attempts - 1));
        Duration d = config.initialBackoff().multipliedBy(factor);
        return d.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : d;
    }
}
