package ma.rokhsa.api.events;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only event log in PostgreSQL: every status change is a fact here first; the live streams
 * read from it. {@link #append} must run inside the caller's transaction, so that the state change
 * and its event commit together.
 */
@Component
public class EventLog {

    private final DatabaseClient db;
    private final JsonMapper json;
    /** An event's {@code created_at} is the application's time, the same "now" as its data's {@code at}. */
    private final Clock clock;

    public EventLog(DatabaseClient db, JsonMapper json, Clock clock) {
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Appends an event. Takes a per-commune transaction lock first, so that within a commune event ids
     * are handed out in commit order: a client resuming after id N can never miss an id below N that
     * committed later. The lock is held until commit, so append last in the transaction.
     */
    public Mono<Long> append(UUID dossierId, String communeCode, boolean communeVisible, String type, Map<String, ?> data) {
        return append(dossierId, communeCode, communeVisible, type, List.of(data)).next();
    }

    /**
     * Appends several events of one dossier and type, in order, in one statement that takes the commune's
     * lock (as {@link #append(UUID, String, boolean, String, Map)}) before any id is drawn.
     */
    public Flux<Long> append(UUID dossierId, String communeCode, boolean communeVisible, String type,
                             List<? extends Map<String, ?>> data) {
        String[] payloads = data.stream().map(json::writeValueAsString).toArray(String[]::new);
        // Ids are drawn as rows are inserted, after the one-row lock subquery has run, in ORDER BY order.
        return db.sql("""
                        INSERT INTO event (dossier_id, commune_code, commune_visible, type, data, created_at)
                        SELECT :d, :c, :v, :t, e.data::jsonb, :now
                        FROM (SELECT pg_advisory_xact_lock(hashtext(:c))) AS lock,
                             unnest(:data::text[]) WITH ORDINALITY AS e(data, n)
                        ORDER BY e.n
                        RETURNING id""")
                .bind("d", dossierId).bind("c", communeCode).bind("v", communeVisible).bind("t", type).bind("data", payloads)
                .bind("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .map(r -> r.get("id", Long.class)).all();
    }

    /** Events of one dossier after the given id, in order. */
    public Flux<StoredEvent> dossierAfter(UUID dossierId, long afterId) {
        return db.sql("SELECT * FROM event WHERE dossier_id = :d AND id > :a ORDER BY id")
                .bind("d", dossierId).bind("a", afterId).map(EventLog::toEvent).all();
    }

    /** Events of several dossiers after the given id, in order, at most {@code limit}. */
    public Flux<StoredEvent> dossiersAfter(java.util.Collection<UUID> dossierIds, long afterId, int limit) {
        return db.sql("SELECT * FROM event WHERE dossier_id = ANY(:d) AND id > :a ORDER BY id LIMIT :l")
                .bind("d", dossierIds.toArray(UUID[]::new)).bind("a", afterId).bind("l", limit).map(EventLog::toEvent).all();
    }

    /** The newest event id of all (where a live list without a resume point starts). */
    public Mono<Long> lastId() {
        return db.sql("SELECT coalesce(max(id), 0) AS m FROM event").map(r -> r.get("m", Long.class)).one();
    }

    /** The newest event id of one dossier (where its page's live stream starts). */
    public Mono<Long> lastDossierId(UUID dossierId) {
        return db.sql("SELECT coalesce(max(id), 0) AS m FROM event WHERE dossier_id = :d")
                .bind("d", dossierId).map(r -> r.get("m", Long.class)).one();
    }

    /** Events of one commune after the given id, in order, at most {@code limit}. */
    public Flux<StoredEvent> communeAfter(String communeCode, long afterId, int limit) {
        return db.sql("SELECT * FROM event WHERE commune_code = :c AND commune_visible AND id > :a ORDER BY id LIMIT :l")
                .bind("c", communeCode).bind("a", afterId).bind("l", limit).map(EventLog::toEvent).all();
    }

    /** The newest event id of a commune (where a commune stream without Last-Event-ID starts). */
    public Mono<Long> lastCommuneId(String communeCode) {
        return db.sql("SELECT coalesce(max(id), 0) AS m FROM event WHERE commune_code = :c")
                .bind("c", communeCode).map(r -> r.get("m", Long.class)).one();
    }

    Flux<StoredEvent> byIds(List<Long> ids) {
        return db.sql("SELECT * FROM event WHERE id = ANY(:ids) ORDER BY id")
                .bind("ids", ids.toArray(Long[]::new)).map(EventLog::toEvent).all();
    }

    Flux<StoredEvent> since(java.time.OffsetDateTime from) {
        return db.sql("SELECT * FROM event WHERE created_at >= :f ORDER BY id")
                .bind("f", from).map(EventLog::toEvent).all();
    }

    static StoredEvent toEvent(Readable r) {
        return new StoredEvent(r.get("id", Long.class), r.get("dossier_id", UUID.class), r.get("commune_code", String.class),
                r.get("type", String.class), r.get("data", Json.class).asString(), Boolean.TRUE.equals(r.get("commune_visible", Boolean.class)),
                r.get("created_at", java.time.OffsetDateTime.class));
    }
}
