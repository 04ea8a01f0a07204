package ma.rokhsa.api.ranking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ma.rokhsa.api.dossier.DossierEvents;
import ma.rokhsa.api.events.EventBroadcaster;
import ma.rokhsa.api.events.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live ranking (rolling 90 days), kept current as decisions are recorded. A {@code dossier.status}
 * event with status ISSUED, REFUSED or DEEMED_APPROVED, from any instance (through the event fan-out),
 * asks for a recomputation; recomputations start at most once per {@code rokhsa.ranking.debounce}, and
 * the decisions that arrive meanwhile are coalesced into the next one. Each result is serialised once
 * into a {@code ranking.updated} server-sent event shared by every subscriber; a subscriber first gets
 * the latest one, and one that reads slowly skips to the newest (a ranking is a state, not a log).
 *
 * <p>The ranking is also recomputed every {@code rokhsa.ranking.live-refresh} (the window slides, open
 * dossiers age); such a refresh is pushed only if the top or bottom ten changed.
 *
 * <p>Event ids increase with every update and are at least the id, in the event log, of the newest event
 * the update was computed after. Thread-safe; at most one recomputation runs at a time.
 */
@Component
class LiveRanking implements DisposableBean {

    static final String EVENT = "ranking.updated";
    private static final Logger log = LoggerFactory.getLogger(LiveRanking.class);
    private static final Set<String> DECIDED = Set.of("ISSUED", "REFUSED", "DEEMED_APPROVED");

    /** A computed live ranking, with the server-sent event that announced it (null if it was not pushed). */
    record Snapshot(Ranking ranking, long id, ServerSentEvent<String> event) {
    }

    /** The {@code data} of a {@code ranking.updated} event. */
    record Update(String period, OffsetDateTime from, OffsetDateTime to, OffsetDateTime computedAt, long eventId,
                  Trigger commune, List<String> communes, int ranked, List<Ranking.Entry> top10, List<Ranking.Entry> bottom10) {
    }

    /** The commune whose decision triggered the update, where it stands now. */
    record Trigger(String code, String name, String nameAr, Integer rank, Double score, long decided, String unrankedReason) {
    }

    private final RankingService service;
    private final StatsService stats;
    private final EventBroadcaster broadcaster;
    private final DatabaseClient db;
    private final JsonMapper json;
    private final RankingProperties props;
    private final Clock clock;

    private final Sinks.Many<ServerSentEvent<String>> updates = Sinks.many().replay().latest();
    private final AtomicReference<Snapshot> latest = new AtomicReference<>();
    private final Queue<String> pendingCommunes = new ConcurrentLinkedQueue<>();
    private final AtomicLong pendingEventId = new AtomicLong();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Disposable.Composite subscriptions = Disposables.composite();
    private volatile long lastStart = System.nanoTime() - Duration.ofDays(1).toNanos();
    private long lastPushedId;
    private List<Ranking.Entry> lastTop = List.of();
    private List<Ranking.Entry> lastBottom = List.of();

    LiveRanking(RankingService service, StatsService stats, EventBroadcaster broadcaster, DatabaseClient db, JsonMapper json,
                RankingProperties props, Clock clock) {
        this.service = service;
        this.stats = stats;
        this.broadcaster = broadcaster;
        this.db = db;
        this.json = json;
        this.props = props;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        subscriptions.add(broadcaster.live().filter(e -> DossierEvents.DOSSIER_STATUS.equals(e.type())).subscribe(this::onStatus));
        subscriptions.add(Flux.interval(props.liveRefresh(), props.liveRefresh()).subscribe(i -> request(null, 0)));
        request(null, 0);
    }

    private void onStatus(StoredEvent e) {
        String status;
        try {
            status = json.readTree(e.json()).path("status").asString("");
        } catch (RuntimeException ex) {
            log.warn("Unreadable dossier.status event {}: {}", e.id(), ex.toString());
            return;
        }
        if (DECIDED.contains(status)) {
            service.decided(e.createdAt().toInstant());
            stats.invalidate();
            request(e.communeCode(), e.id());
        }
    }

    /** Asks for a recomputation (for a decision in {@code commune}, or a refresh when null). */
    void request(String commune, long eventId) {
        if (commune != null) {
            pendingCommunes.add(commune);
        }
        pendingEventId.accumulateAndGet(eventId, Math::max);
        dirty.set(true);
        runIfIdle();
    }

    private void runIfIdle() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        long wait = Math.max(0, lastStart + props.debounce().toNanos() - System.nanoTime());
        Mono.delay(Duration.ofNanos(wait))
                .then(Mono.defer(this::recompute))
                .doFinally(s -> {
                    running.set(false);
                    if (dirty.get()) {
                        runIfIdle();
                    }
                })
                .subscribe(x -> { }, e -> log.warn("Live ranking not recomputed: {}", e.toString()));
    }

    private Mono<Snapshot> recompute() {
        dirty.set(false);
        lastStart = System.nanoTime();
        List<String> communes = new ArrayList<>();
        for (String c; (c = pendingCommunes.poll()) != null; ) {
            communes.add(c);
        }
        long triggerId = pendingEventId.get();
        // The newest event id first: every event up to it is committed, so the ranking computed next reflects it.
        return db.sql("SELECT coalesce(max(id), 0) AS id FROM event").map(r -> r.get("id", Long.class)).one()
                .flatMap(maxId -> service.compute(RankingPeriod.rolling(clock.instant()))
                        .map(r -> publish(r, communes, Math.max(maxId, triggerId))))
                .onErrorResume(e -> {
                    // Keep the communes for the next run (the periodic refresh at the latest).
                    pendingCommunes.addAll(communes);
                    log.warn("Live ranking computation failed; it will be retried: {}", e.toString());
                    return Mono.empty();
                });
    }

    /** Called by one recomputation at a time. */
    private Snapshot publish(Ranking r, List<String> communes, long eventId) {
        boolean changed = !r.top10().equals(lastTop) || !r.bottom10().equals(lastBottom);
        if (communes.isEmpty() && !changed && lastPushedId > 0) {
            Snapshot quiet = new Snapshot(r, lastPushedId, null);
            latest.set(quiet);
            return quiet;
        }
        long id = Math.max(eventId, lastPushedId + 1);
        List<String> distinct = List.copyOf(new LinkedHashSet<>(communes));
        Trigger trigger = distinct.isEmpty() ? null : r.communes().stream()
                .filter(c -> c.code().equals(distinct.get(distinct.size() - 1))).findFirst()
                .map(c -> new Trigger(c.code(), c.name(), c.nameAr(), c.rank(), c.score(), c.decided(), c.unrankedReason()))
                .orElse(null);
        Update u = new Update(r.period(), r.from(), r.to(), r.computedAt(), eventId, trigger, distinct, r.ranked(), r.top10(), r.bottom10());
        ServerSentEvent<String> sse = ServerSentEvent.builder(json.writeValueAsString(u)).id(Long.toString(id)).event(EVENT).build();
        Snapshot s = new Snapshot(r, id, sse);
        lastPushedId = id;
        lastTop = r.top10();
        lastBottom = r.bottom10();
        latest.set(s);
        Sinks.EmitResult result = updates.tryEmitNext(sse);
        if (result.isFailure()) {
            log.warn("Live ranking update {} not emitted: {}", id, result);
        }
        return s;
    }

    /**
     * The live ranking: the latest one computed. One older than {@code cache-ttl} is still served (a million
     * dossiers take a second to rank: no caller waits for it, and callers cannot make it run more often)
     * while a recomputation is asked for; only before the first one (or with caching off) does a caller wait.
     */
    Mono<Ranking> current() {
        Snapshot s = latest.get();
        Instant now = clock.instant();
        if (s == null || props.cacheTtl().isZero()) {
            return service.compute(RankingPeriod.rolling(now));
        }
        if (s.ranking().computedAt().toInstant().plus(props.cacheTtl()).isBefore(now)) {
            request(null, 0);
        }
        return Mono.just(s.ranking());
    }

    /** The id of the latest pushed update (0 before the first), to resume from what a page was rendered with. */
    long latestId() {
        Snapshot s = latest.get();
        return s == null ? 0 : s.id();
    }

    /**
     * The updates for one subscriber: the latest at once (unless it is the one the client already has,
     * by its {@code Last-Event-ID}), then each new one; a slow reader gets the newest and skips the rest.
     */
    Flux<ServerSentEvent<String>> updates(String lastEventId) {
        String known = lastEventId == null ? null : lastEventId.strip();
        return updates.asFlux()
                .index()
                .filter(t -> t.getT1() > 0 || !Objects.equals(t.getT2().id(), known))
                .map(reactor.util.function.Tuple2::getT2)
                .onBackpressureLatest();
    }

    @Override
    public void destroy() {
        subscriptions.dispose();
    }
}
