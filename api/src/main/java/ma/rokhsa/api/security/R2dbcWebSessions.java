package ma.rokhsa.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Browser sessions in PostgreSQL, so that any instance serves any signed-in user and a restart signs
 * nobody out. The cookie carries 256 random bits; the table keeps only their SHA-256. A session ends after
 * {@link WebSignInProperties#idleTimeout()} without use, after {@link WebSignInProperties#maxAge()} in any
 * case, at sign-out, or when its account is disabled. Non-blocking (R2DBC).
 */
@Component
public class R2dbcWebSessions {

    /** The session cookie's name. */
    public static final String COOKIE = "RSESSION";
    /** Activity moves the idle deadline forward at most this often (not a write per request). */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final DatabaseClient db;
    private final WebSignInProperties props;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public R2dbcWebSessions(DatabaseClient db, WebSignInProperties props, Clock clock) {
        this.db = db;
        this.props = props;
        this.clock = clock;
    }

    /** Opens a session for the account; returns the cookie value, which is never stored. */
    public Mono<String> open(UUID userId, String address, String userAgent) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        return db.sql("""
                INSERT INTO web_session (id_hash, user_id, created_at, last_seen_at, expires_at, absolute_expires_at, address, user_agent)
                VALUES (:h, :u, :now, :now, :idle, :abs, :addr, :ua)""")
                .bind("h", hash(token)).bind("u", userId).bind("now", at(now))
                .bind("idle", at(now.plus(props.idleTimeout()))).bind("abs", at(now.plus(props.maxAge())))
                .bind("addr", Parameter.fromOrEmpty(address, String.class))
                .bind("ua", Parameter.fromOrEmpty(userAgent == null ? null : userAgent.substring(0, Math.min(300, userAgent.length())), String.class))
                .then().thenReturn(token);
    }

    /** The signed-in account of a live session (empty when unknown, expired or disabled); keeps the session alive. */
    public Mono<RokhsaUser> find(String token) {
        if (token == null || token.length() != 43) {
            return Mono.empty();
        }
        byte[] h = hash(token);
        Instant now = clock.instant();
        return db.sql("""
                SELECT u.*, s.last_seen_at AS session_seen FROM web_session s JOIN app_user u ON u.id = s.user_id
                WHERE s.id_hash = :h AND s.expires_at > :now AND s.absolute_expires_at > :now AND u.enabled""")
                .bind("h", h).bind("now", at(now))
                .map((row, meta) -> new Found(R2dbcUserStore.toUser(row), row.get("session_seen", OffsetDateTime.class)))
                .one()
                .flatMap(f -> f.seen().toInstant().plus(TOUCH_EVERY).isAfter(now) ? Mono.just(f.user())
                        : touch(h, now).thenReturn(f.user()));
    }

    private record Found(RokhsaUser user, OffsetDateTime seen) {
    }

    private Mono<Void> touch(byte[] h, Instant now) {
        return db.sql("UPDATE web_session SET last_seen_at = :now, expires_at = least(:idle, absolute_expires_at) WHERE id_hash = :h")
                .bind("now", at(now)).bind("idle", at(now.plus(props.idleTimeout()))).bind("h", h).then();
    }

    /** Ends a session (sign-out). */
    public Mono<Void> close(String token) {
        return token == null ? Mono.empty() : db.sql("DELETE FROM web_session WHERE id_hash = :h").bind("h", hash(token)).then();
    }

    /** Deletes sessions that ended; returns how many. */
    public Mono<Long> deleteEnded() {
        return db.sql("DELETE FROM web_session WHERE expires_at < :now OR absolute_expires_at < :now")
                .bind("now", at(clock.instant())).fetch().rowsUpdated();
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime at(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
