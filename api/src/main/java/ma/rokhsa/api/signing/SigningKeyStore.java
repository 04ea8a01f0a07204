package ma.rokhsa.api.signing;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Signature keys and their audit trail in PostgreSQL. */
@Component
class SigningKeyStore {

    enum Status { ISSUED, SHIPPED, HANDED_OVER, ACTIVE, LOCKED, REVOKED }

    record KeyRow(UUID id, UUID holderId, String holderUsername, String holderName, String provinceCode, Status status,
                  byte[] protectedKey, String serial, String subject, int wrongPins, OffsetDateTime createdAt,
                  OffsetDateTime updatedAt) {
    }

    record KeyEvent(long id, String type, String actor, String details, OffsetDateTime at) {
    }

    private final DatabaseClient db;
    private final JsonMapper json;
    /** The key's lifecycle is stamped with the application's time. */
    private final Clock clock;

    SigningKeyStore(DatabaseClient db, JsonMapper json, Clock clock) {
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static final String SELECT = """
            SELECT k.*, u.username AS holder_username, u.full_name AS holder_name
            FROM signing_key k JOIN app_user u ON u.id = k.holder_id""";

    Mono<Void> insert(UUID id, UUID holder, String province, byte[] key, String serial, String subject) {
        return db.sql("""
                INSERT INTO signing_key (id, holder_id, province_code, status, protected_key, certificate_serial, certificate_subject,
                                         created_at, updated_at)
                VALUES (:id, :h, :p, 'ISSUED', :k, :s, :subj, :now, :now)""")
                .bind("id", id).bind("h", holder).bind("p", Parameter.fromOrEmpty(province, String.class))
                .bind("k", key).bind("s", serial).bind("subj", subject).bind("now", now()).then();
    }

    Mono<KeyRow> find(UUID id) {
        return db.sql(SELECT + " WHERE k.id = :id").bind("id", id).map(SigningKeyStore::toRow).one();
    }

    Mono<KeyRow> lock(UUID id) {
        return db.sql("SELECT id FROM signing_key WHERE id = :id FOR UPDATE").bind("id", id).fetch().one().then(find(id));
    }

    /** The holder's usable key: the newest one that is not revoked. */
    Mono<KeyRow> currentOf(UUID holderId) {
        return db.sql(SELECT + " WHERE k.holder_id = :h AND k.status <> 'REVOKED' ORDER BY k.created_at DESC LIMIT 1")
                .bind("h", holderId).map(SigningKeyStore::toRow).one();
    }

    Flux<KeyRow> list(String condition, Map<String, Object> binds) {
        var spec = db.sql(SELECT + " WHERE " + condition + " ORDER BY k.created_at DESC");
        for (var b : binds.entrySet()) {
            spec = spec.bind(b.getKey(), b.getValue());
        }
        return spec.map(SigningKeyStore::toRow).all();
    }

    Mono<Boolean> transition(UUID id, List<Status> from, Status to) {
        return db.sql("UPDATE signing_key SET status = :to, updated_at = :now WHERE id = :id AND status = ANY(:from)")
                .bind("to", to.name()).bind("now", now()).bind("id", id).bind("from", names(from))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /**
     * Replaces the protected key (after a PIN change or reissue), clears the wrong-PIN count and sets the status,
     * if the key is still in one of {@code from}: a change racing a revocation or a lock-out must not undo it.
     */
    Mono<Boolean> replaceKey(UUID id, byte[] key, List<Status> from, Status status) {
        return db.sql("""
                UPDATE signing_key SET protected_key = :k, wrong_pins = 0, status = :s, updated_at = :now
                WHERE id = :id AND status = ANY(:from)""")
                .bind("k", key).bind("now", now()).bind("s", status.name()).bind("id", id).bind("from", names(from))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** A PIN attempt taken from the key's allowance: its number (1 for the first since the last right PIN) and the key then. */
    record Attempt(int number, byte[] protectedKey) {
    }

    /**
     * Takes one PIN attempt before the PIN is even checked, if the key is in one of {@code usable} and has
     * attempts left: concurrent guesses cannot together check more than {@code max} PINs. Empty when none is left.
     */
    Mono<Attempt> reserveAttempt(UUID id, List<Status> usable, int max) {
        return db.sql("""
                UPDATE signing_key SET wrong_pins = wrong_pins + 1, updated_at = :now
                WHERE id = :id AND status = ANY(:usable) AND wrong_pins < :max
                RETURNING wrong_pins, protected_key""")
                .bind("now", now()).bind("id", id).bind("usable", names(usable)).bind("max", max)
                .map(r -> new Attempt(r.get("wrong_pins", Integer.class), r.get("protected_key", byte[].class))).one();
    }

    /** The last attempt was wrong: the key locks (if it is still in one of {@code usable}). */
    Mono<Boolean> lockOut(UUID id, List<Status> usable) {
        return db.sql("UPDATE signing_key SET status = 'LOCKED', updated_at = :now WHERE id = :id AND status = ANY(:usable)")
                .bind("now", now()).bind("id", id).bind("usable", names(usable)).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** A right PIN: the attempts are given back, if the key is still in one of {@code usable}. False when it is not. */
    Mono<Boolean> rightPin(UUID id, List<Status> usable) {
        return db.sql("UPDATE signing_key SET wrong_pins = 0 WHERE id = :id AND status = ANY(:usable)")
                .bind("id", id).bind("usable", names(usable)).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** An attempt that checked nothing (the derivation failed for another reason) is given back. */
    Mono<Void> releaseAttempt(UUID id) {
        return db.sql("UPDATE signing_key SET wrong_pins = wrong_pins - 1 WHERE id = :id AND wrong_pins > 0").bind("id", id).then();
    }

    private static String[] names(List<Status> statuses) {
        return statuses.stream().map(Enum::name).toArray(String[]::new);
    }

    Mono<Void> audit(UUID keyId, String type, UUID actor, Map<String, ?> details) {
        return db.sql("INSERT INTO signing_key_event (key_id, type, actor_id, details, at) VALUES (:k, :t, :a, :d, :now)")
                .bind("k", keyId).bind("now", now()).bind("t", type).bind("a", Parameter.fromOrEmpty(actor, UUID.class))
                .bind("d", Json.of(json.writeValueAsString(details))).then();
    }

    Flux<KeyEvent> events(UUID keyId) {
        return db.sql("""
                SELECT e.*, u.username FROM signing_key_event e LEFT JOIN app_user u ON u.id = e.actor_id
                WHERE e.key_id = :k ORDER BY e.id""")
                .bind("k", keyId)
                .map(r -> new KeyEvent(r.get("id", Long.class), r.get("type", String.class), r.get("username", String.class),
                        r.get("details", Json.class).asString(), r.get("at", OffsetDateTime.class)))
                .all();
    }

    private static KeyRow toRow(Readable r) {
        return new KeyRow(r.get("id", UUID.class), r.get("holder_id", UUID.class), r.get("holder_username", String.class),
                r.get("holder_name", String.class), r.get("province_code", String.class), Status.valueOf(r.get("status", String.class)),
                r.get("protected_key", byte[].class), r.get("certificate_serial", String.class),
                r.get("certificate_subject", String.class), r.get("wrong_pins", Integer.class),
                r.get("created_at", OffsetDateTime.class), r.get("updated_at", OffsetDateTime.class));
    }
}
