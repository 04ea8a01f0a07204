package ma.rokhsa.api.events;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Fans the event log out to the SSE subscribers of this instance. Events are read once from PostgreSQL
 * when their {@code NOTIFY} arrives (whichever instance wrote them) and handed, already serialised, to
 * every matching subscriber.
 *
 * <p>A subscriber first gets what it missed (from the log, after its {@code Last-Event-ID}), then the
 * live events; each subscriber has a bounded buffer, and one that cannot keep up is disconnected (it
 * reconnects with its last id and loses nothing), so a slow client never grows memory.
 */
@Component
public class EventBroadcaster implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EventBroadcaster.class);
    private static final int RECENT = 10_000;

    private final EventLog eventLog;
    private final Sinks.Many<StoredEvent> live = Sinks.many().multicast().directBestEffort();
    private final LinkedHashSet<Long> recentIds = new LinkedHashSet<>();
    private final Disposable subscription;
    private volatile OffsetDateTime lastSeen = OffsetDateTime.now();

    public EventBroadcaster(PgNotifications notifications, EventLog eventLog, MeterRegistry metrics) {
        this.eventLog = eventLog;
        metrics.gauge("rokhsa.sse.subscribers", live, Sinks.Many::currentSubscriberCount);
        // Whatever goes wrong, the fan-out starts again, first catching up on what it may have missed
        // (duplicates are dropped by id), so live streams never stop for good.
        this.subscription = Flux.defer(() -> Flux.concat(
                        eventLog.since(lastSeen.minusSeconds(30)).onErrorResume(e -> Flux.empty()),
                        notifications.channel("rokhsa_events")
                                .onBackpressureBuffer()
                                // Fair backpressure: the plain variant errors ("Could not emit buffer due to lack of
                                // requests", reactor-core #1557) when timer flushes outrun a slow load().
                                .bufferTimeout(256, Duration.ofMillis(5), true)
                                .concatMap(this::load)))
                .doOnError(e -> log.error("Event fan-out failed; restarting it", e))
                .retryWhen(reactor.util.retry.Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5)))
                .subscribe(this::publish);
    }

    private Flux<StoredEvent> load(List<PgNotifications.Signal> batch) {
        Flux<StoredEvent> catchUp = batch.stream().anyMatch(PgNotifications.Signal::isReconnect)
                ? eventLog.since(lastSeen.minusSeconds(30))
                : Flux.empty();
        List<Long> ids = batch.stream().filter(s -> !s.isReconnect()).map(s -> Long.parseLong(s.payload())).toList();
        Flux<StoredEvent> byId = ids.isEmpty() ? Flux.empty() : eventLog.byIds(ids);
        return Flux.concat(catchUp, byId)
                .onErrorResume(e -> {
                    log.warn("Could not load events {}: {}", ids, e.toString());
                    return Flux.empty();
                });
    }

    private void publish(StoredEvent e) {
        if (!recentIds.add(e.id())) {
            return;
        }
        if (recentIds.size() > RECENT) {
            recentIds.remove(recentIds.iterator().next());
        }
        lastSeen = e.createdAt();
        live.tryEmitNext(e);
    }

    /**
     * Every event as it is published on this instance (whichever instance wrote it), without replay: for
     * in-process consumers that react to facts (the live ranking). Hot and best-effort: a consumer must
     * be quick or hand the work off, or it misses events.
     */
    public Flux<StoredEvent> live() {
        return live.asFlux();
    }

    /** The events of one dossier: those after {@code lastEventId} from the log, then live ones. */
    public Flux<StoredEvent> dossier(UUID dossierId, long lastEventId, int buffer) {
        return replayThenLive(e -> e.dossierId().equals(dossierId), eventLog.dossierAfter(dossierId, lastEventId), lastEventId, buffer);
    }

    /** The events of several dossiers (an architect's own): those after {@code lastEventId} from the log, then live ones. */
    public Flux<StoredEvent> dossiers(java.util.Set<UUID> dossierIds, long lastEventId, int buffer) {
        if (dossierIds.isEmpty()) {
            return Flux.never();
        }
        return replayThenLive(e -> dossierIds.contains(e.dossierId()), eventLog.dossiersAfter(dossierIds, lastEventId, 10_000),
                lastEventId, buffer);
    }

    /** The events of one commune after {@code lastEventId} (or only new ones when it is negative). */
    public Flux<StoredEvent> commune(String communeCode, long lastEventId, int buffer) {
        Mono<Long> start = lastEventId >= 0 ? Mono.just(lastEventId) : eventLog.lastCommuneId(communeCode);
        return start.flatMapMany(from -> replayThenLive(e -> e.communeVisible() && e.communeCode().equals(communeCode),
                eventLog.communeAfter(communeCode, from, 10_000), from, buffer));
    }

    /**
     * Subscribes to the live stream first (into a bounded queue), then replays from the log, then drains
     * the queue, dropping what the replay already sent: no gap, no duplicate.
     */
    private Flux<StoredEvent> replayThenLive(Predicate<StoredEvent> filter, Flux<StoredEvent> replay, long after, int buffer) {
        return Flux.defer(() -> {
            Sinks.Many<StoredEvent> queue = Sinks.many().unicast().onBackpressureBuffer(Queues.<StoredEvent>get(buffer).get());
            Disposable d = live.asFlux().filter(filter).subscribe(e -> {
                if (queue.tryEmitNext(e).isFailure()) {
                    queue.tryEmitError(new SlowSubscriberException());
                }
            });
            long[] max = {after};
            return Flux.concat(replay, queue.asFlux())
                    .filter(e -> {
                        if (e.id() <= max[0]) {
                            return false;
                        }
                        max[0] = e.id();
                        return true;
                    })
                    .doFinally(s -> d.dispose());
        });
    }

    /** Formats an event for the wire: id, event type and the JSON data, as the SSE spec has them. */
    public static ServerSentEvent<String> toSse(StoredEvent e) {
        return ServerSentEvent.<String>builder(e.json()).id(Long.toString(e.id())).event(e.type()).build();
    }

    @Override
    public void destroy() {
        subscription.dispose();
    }

    /** Ends a stream whose client reads slower than events arrive; the client resumes with Last-Event-ID. */
    public static final class SlowSubscriberException extends RuntimeException {
        SlowSubscriberException() {
            super("subscriber too slow; reconnect with Last-Event-ID", null, false, false);
        }
    }
}
