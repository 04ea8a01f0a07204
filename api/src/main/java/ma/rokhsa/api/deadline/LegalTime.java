package ma.rokhsa.api.deadline;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
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
                .map(LegalTime::period)
                .all().collectList();
    }

    private static LegalClock.Period period(Readable row) {
        OffsetDateTime stopped = row.get("stopped_at", OffsetDateTime.class);
        return new LegalClock.Period(row.get("started_at", OffsetDateTime.class).toInstant(), stopped == null ? null : stopped.toInstant());
    }

    /** The periods of several dossiers in one query (a desk's list): every dossier asked for is a key. */
    public Mono<Map<UUID, List<LegalClock.Period>>> periods(Collection<UUID> dossierIds) {
        Map<UUID, List<LegalClock.Period>> all = new HashMap<>();
        dossierIds.forEach(id -> all.put(id, new ArrayList<>()));
        if (dossierIds.isEmpty()) {
            return Mono.just(all);
        }
        return db.sql("SELECT dossier_id, started_at, stopped_at FROM dossier_clock WHERE dossier_id = ANY(:d) ORDER BY started_at")
                .bind("d", dossierIds.toArray(UUID[]::new))
                .map(r -> Map.entry(r.get("dossier_id", UUID.class), period(r)))
                .all().doOnNext(e -> all.get(e.getKey()).add(e.getValue())).then(Mono.just(all));
    }

    /** The decision deadline of several dossiers, each small or large ({@code true}), read in one query. */
    public Mono<Map<UUID, LegalClock.Reading>> decisionDeadlines(Map<UUID, Boolean> largeProjects, Instant now) {
        return periods(largeProjects.keySet()).map(all -> {
            Map<UUID, LegalClock.Reading> readings = new HashMap<>();
            all.forEach((id, p) -> readings.put(id, clock.read(decisionRule(largeProjects.get(id)), p, latest(p, now))));
            return readings;
        });
    }

    /** The decision deadline of a dossier (15 days for small projects, 30 for large ones, as configured). */
    public Mono<LegalClock.Reading> decisionDeadline(UUID dossierId, boolean largeProject, Instant now) {
        return periods(dossierId).map(p -> clock.read(decisionRule(largeProject), p, latest(p, now)));
    }

    private LegalClock.Rule decisionRule(boolean largeProject) {
        return clock.rule(largeProject ? "decision-large" : "decision-small");
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
