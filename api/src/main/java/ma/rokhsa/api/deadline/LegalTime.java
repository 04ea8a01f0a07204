package ma.rokhsa.api.deadline;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The legal clock of each dossier as stored periods: it starts at each submission, stops while the
 * dossier is returned to its architect or awaits the applicant's fees, and stops for good at the
 * decision. Calls join the caller's transaction.
 */
@Component
public class LegalTime {

    private final DatabaseClient db;
    private final LegalClock clock;

    public LegalTime(DatabaseClient db, LegalClock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Starts the clock at {@code at}, unless it is already running. */
    public Mono<Void> start(UUID dossierId, Instant at) {
        return db.sql("""
                INSERT INTO dossier_clock (dossier_id, started_at)
                SELECT :d, :at WHERE NOT EXISTS (SELECT 1 FROM dossier_clock WHERE dossier_id = :d AND stopped_at IS NULL)""")
                .bind("d", dossierId).bind("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).then();
    }

    /** Stops the clock at {@code at}, if it runs. */
    public Mono<Void> stop(UUID dossierId, Instant at) {
        return db.sql("UPDATE dossier_clock SET stopped_at = greatest(started_at, :at) WHERE dossier_id = :d AND stopped_at IS NULL")
                .bind("d", dossierId).bind("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).then();
    }

    public Mono<List<LegalClock.Period>> periods(UUID dossierId) {
        return db.sql("SELECT started_at, stopped_at FROM dossier_clock WHERE dossier_id = :d ORDER BY started_at")
                .bind("d", dossierId)
                .map(r -> new LegalClock.Period(r.get("started_at", OffsetDateTime.class).toInstant(),
                        r.get("stopped_at", OffsetDateTime.class) == null ? null : r.get("stopped_at", OffsetDateTime.class).toInstant()))
                .all().collectList();
    }

    /** The decision deadline of a dossier (15 days for small projects, 30 for large ones, as configured). */
    public Mono<LegalClock.Reading> decisionDeadline(UUID dossierId, boolean largeProject, Instant now) {
        LegalClock.Rule rule = clock.rule(largeProject ? "decision-large" : "decision-small");
        return periods(dossierId).map(p -> clock.read(rule, p, latest(p, now)));
    }

    /** The dispatch deadline: counted from the latest submission. */
    public Mono<LegalClock.Reading> dispatchDeadline(UUID dossierId, Instant now) {
        return periods(dossierId).map(p -> {
            List<LegalClock.Period> last = p.isEmpty() ? p : List.of(p.get(p.size() - 1));
            return clock.read(clock.rule("dispatch"), last, latest(last, now));
        });
    }

    public LegalClock clock() {
        return clock;
    }

    /** Never read before the last recorded instant (clocks of several nodes may differ by a little). */
    private static Instant latest(List<LegalClock.Period> periods, Instant now) {
        Instant last = now;
        for (LegalClock.Period p : periods) {
            if (p.from().isAfter(last)) {
                last = p.from();
            }
            if (p.to() != null && p.to().isAfter(last)) {
                last = p.to();
            }
        }
        return last;
    }
}
