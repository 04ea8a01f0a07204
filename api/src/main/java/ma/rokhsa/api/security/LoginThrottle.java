package ma.rokhsa.api.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Slows down password guessing, per account and per client address, in PostgreSQL so that every
 * instance applies the same locks. After {@link WebSignInProperties#freeFailures()} wrong passwords for an
 * account (or {@link WebSignInProperties#addressFailures()} from one address), each further one locks that
 * key for twice as long as the previous lock, up to {@link WebSignInProperties#maxLock()}; failures older
 * than {@link WebSignInProperties#failureWindow()} are forgotten and a right password clears its account.
 * While a key is locked, the password is not even checked.
 */
@Component
public class LoginThrottle {

    private final DatabaseClient db;
    private final WebSignInProperties props;
    private final Clock clock;

    public LoginThrottle(DatabaseClient db, WebSignInProperties props, Clock clock) {
        this.db = db;
        this.props = props;
        this.clock = clock;
    }

    /** How long sign-in stays locked for this account or address (zero when it is not). */
    public Mono<Duration> lockedFor(String username, String address) {
        Instant now = clock.instant();
        return db.sql("SELECT max(locked_until) AS until FROM login_throttle WHERE key IN (:u, :a) AND locked_until > :now")
                .bind("u", userKey(username)).bind("a", addressKey(address)).bind("now", at(now))
                .map(r -> {
                    OffsetDateTime until = r.get("until", OffsetDateTime.class);
                    return until == null ? Duration.ZERO : Duration.between(now, until.toInstant());
                })
                .one().defaultIfEmpty(Duration.ZERO);
    }

    /** Records a wrong password; returns how long sign-in is now locked (zero when it is not). */
    public Mono<Duration> failed(String username, String address) {
        return record(userKey(username), props.freeFailures())
                .zipWith(record(addressKey(address), props.addressFailures()), (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }

    /** A right password: the account's failures are forgotten (the address's are not: one's own account must not reset them). */
    public Mono<Void> succeeded(String username) {
        return db.sql("DELETE FROM login_throttle WHERE key = :k").bind("k", userKey(username)).then();
    }

    private Mono<Duration> record(String key, int free) {
        Instant now = clock.instant();
        return db.sql("""
                INSERT INTO login_throttle AS t (key, failures, last_failure_at) VALUES (:k, 1, :now)
                ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN t.last_failure_at < :forget THEN 1 ELSE t.failures + 1 END,
                    last_failure_at = :now
                RETURNING failures""")
                .bind("k", key).bind("now", at(now)).bind("forget", at(now.minus(props.failureWindow())))
                .map(r -> r.get("failures", Integer.class)).one()
                .flatMap(failures -> {
                    if (failures <= free) {
                        return Mono.just(Duration.ZERO);
                    }
                    Duration lock = lockAfter(failures - free);
                    return db.sql("UPDATE login_throttle SET locked_until = :until WHERE key = :k")
                            .bind("until", at(now.plus(lock))).bind("k", key).then().thenReturn(lock);
                });
    }

    /** The lock after the n-th failure beyond the free ones: first lock, doubled each time, capped. */
    Duration lockAfter(int beyond) {
        Duration lock = props.firstLock();
        for (int i = 1; i < beyond && lock.compareTo(props.maxLock()) < 0; i++) {
            lock = lock.multipliedBy(2);
        }
        return lock.compareTo(props.maxLock()) > 0 ? props.maxLock() : lock;
    }

    /** Deletes entries nobody needs any more. */
    public Mono<Long> prune() {
        Instant now = clock.instant();
        return db.sql("DELETE FROM login_throttle WHERE last_failure_at < :forget AND (locked_until IS NULL OR locked_until < :now)")
                .bind("forget", at(now.minus(props.failureWindow()))).bind("now", at(now)).fetch().rowsUpdated();
    }

    private static String userKey(String username) {
        return "user:" + (username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "addr:" + (address == null ? "unknown" : address);
    }

    private static OffsetDateTime at(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
