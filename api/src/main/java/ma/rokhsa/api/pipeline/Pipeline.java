package ma.rokhsa.api.pipeline;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import ma.rokhsa.api.config.Periodic;
import ma.rokhsa.api.config.RokhsaProperties;
import ma.rokhsa.api.events.PgNotifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Starts a {@link StageWorker} for every stage handler enabled on this instance
 * ({@code rokhsa.pipeline.stages.<stage>.enabled}) and able to run here ({@link StageHandler#unavailableReason()}),
 * publishes queue depths as metrics, and deletes tasks finished longer ago than
 * {@code rokhsa.pipeline.done-retention}.
 */
@Component
class Pipeline implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final int PRUNE_BATCH = 5000;

    private final List<StageHandler> handlers;
    private final TaskQueue queue;
    private final PgNotifications notifications;
    private final DeadLetters deadLetters;
    private final RokhsaProperties props;
    private final MeterRegistry metrics;
    private final StageHolds holds;
    private final List<StageWorker> workers = new ArrayList<>();
    private final Map<String, AtomicLong> depths = new ConcurrentHashMap<>();
    private Disposable depthPoller;
    private Disposable pruner;
    private volatile boolean running;

    Pipeline(List<StageHandler> handlers, TaskQueue queue, PgNotifications notifications, DeadLetters deadLetters,
             RokhsaProperties props, MeterRegistry metrics, StageHolds holds) {
        this.handlers = handlers;
        this.queue = queue;
        this.notifications = notifications;
        this.deadLetters = deadLetters;
        this.props = props;
        this.metrics = metrics;
        this.holds = holds;
    }

    @Override
    public void start() {
        String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        for (StageHandler h : handlers) {
            if (!props.pipeline().stage(h.stage()).enabled()) {
                log.info("Stage {} is switched off on this instance", h.stage());
                continue;
            }
            String unavailable = h.unavailableReason();
            if (unavailable != null) {
                log.info("Stage {} does not run on this instance: {}", h.stage(), unavailable);
                continue;
            }
            StageWorker w = new StageWorker(h, queue, notifications, deadLetters, props.pipeline(), owner, metrics, holds);
            workers.add(w);
            w.start();
        }
        depthPoller = Periodic.every(Duration.ofSeconds(1), Duration.ofSeconds(10))
                .concatMap(i -> queue.depths().onErrorReturn(Map.of()))
                .subscribe(this::publishDepths);
        Duration retention = props.pipeline().doneRetention();
        if (!retention.isZero() && !retention.isNegative()) {
            pruner = Periodic.every(Duration.ofMinutes(1), PRUNE_EVERY)
                    .concatMap(i -> pruneDone(retention).onErrorResume(e -> {
                        log.warn("Could not delete finished tasks: {}", e.toString());
                        return Mono.empty();
                    }))
                    .subscribe();
        }
        running = true;
    }

    /**
     * One finished task per document and stage would otherwise pile up forever (a thousand dossiers a day
     * make tens of thousands a day). Deleted in batches, so that no statement holds many locks for long;
     * every instance may run it, SKIP LOCKED keeps them out of each other's way.
     */
    Mono<Long> pruneDone(Duration retention) {
        return queue.pruneDone(retention, PRUNE_BATCH)
                .expand(n -> n == PRUNE_BATCH ? queue.pruneDone(retention, PRUNE_BATCH) : Mono.empty())
                .reduce(0L, Long::sum)
                .doOnNext(n -> {
                    if (n > 0) {
                        log.info("Deleted {} task(s) finished more than {} ago", n, retention);
                    }
                });
    }

    private void publishDepths(Map<String, Long> current) {
        for (StageHandler h : handlers) {
            for (String state : queue.states()) {
                String key = h.stage() + "/" + state;
                depths.computeIfAbsent(key, k -> {
                    AtomicLong v = new AtomicLong();
                    Gauge.builder("rokhsa.pipeline.queue.depth", v, AtomicLong::get)
                            .tag("stage", h.stage()).tag("state", state.toLowerCase())
                            .description("Tasks waiting, running or dead per stage").register(metrics);
                    return v;
                }).set(current.getOrDefault(key, 0L));
            }
        }
    }

    @Override
    public void stop() {
        workers.forEach(StageWorker::stop);
        workers.clear();
        if (depthPoller != null) {
            depthPoller.dispose();
        }
        if (pruner != null) {
            pruner.dispose();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
