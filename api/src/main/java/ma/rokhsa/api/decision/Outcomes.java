package ma.rokhsa.api.decision;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import ma.rokhsa.api.deadline.LegalClock;
import ma.rokhsa.api.deadline.LegalTime;
import ma.rokhsa.api.dossier.DossierRecord;
import ma.rokhsa.api.dossier.DossierStatus;
import ma.rokhsa.api.reference.Catalog;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Records how a decided dossier went (the facts the public ranking is computed from): legal days used,
 * the deadline that applied, whether it was met, how often the dossier was returned. Run inside the
 * transaction that decides, after the legal clock was stopped.
 */
@Component
public class Outcomes {

    private final DatabaseClient db;
    private final LegalTime legalTime;
    private final Catalog catalog;

    Outcomes(DatabaseClient db, LegalTime legalTime, Catalog catalog) {
        this.db = db;
        this.legalTime = legalTime;
        this.catalog = catalog;
    }

    public Mono<Void> record(DossierRecord d, DossierStatus outcome, Instant decidedAt) {
        boolean large = catalog.type(d.type()).map(Catalog.DossierType::largeProject).orElse(false);
        LegalClock.Rule rule = legalTime.clock().rule(large ? "decision-large" : "decision-small");
        return legalTime.periods(d.id()).flatMap(periods -> {
            LegalClock.Reading r = legalTime.clock().read(rule, periods, decidedAt);
            boolean within = outcome != DossierStatus.DEEMED_APPROVED && !r.overdue() && r.remaining() >= 0;
            return db.sql("""
                    INSERT INTO dossier_outcome (dossier_id, commune_code, large_project, submitted_at, decided_at, outcome,
                                                 legal_days, deadline_days, within_deadline, returned_count)
                    SELECT :d, :c, :large, coalesce(d.submitted_at, :at), :at, :o, :days, :deadline, :within,
                           (SELECT count(*) FROM dossier_return WHERE dossier_id = :d)
                    FROM dossier d WHERE d.id = :d
                    ON CONFLICT (dossier_id) DO NOTHING""")
                    .bind("d", d.id()).bind("c", d.communeCode()).bind("large", large)
                    .bind("at", OffsetDateTime.ofInstant(decidedAt, ZoneOffset.UTC)).bind("o", outcome.name())
                    .bind("days", new java.math.BigDecimal(r.elapsed())).bind("deadline", rule.days()).bind("within", within)
                    .then();
        });
    }
}
