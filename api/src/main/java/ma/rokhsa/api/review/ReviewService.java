package ma.rokhsa.api.review;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import ma.rokhsa.api.dossier.DossierEvents;
import ma.rokhsa.api.dossier.DossierRecord;
import ma.rokhsa.api.dossier.DossierService;
import ma.rokhsa.api.dossier.DossierStatus;
import ma.rokhsa.api.dossier.R2dbcDossierStore;
import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one-stop shop's completeness check: a submitted dossier is either accepted for review (and sent
 * to its commission, derived from its type and province) or returned to its architect with reasons,
 * which stops the legal clock until resubmission.
 */
@Service
public class ReviewService {

    private static final Logger log = LoggerFactory.getLogger(ReviewService.class);

    private final DossierService dossiers;
    private final R2dbcDossierStore store;
    private final DossierEvents events;
    private final Catalog catalog;
    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final Clock clock;
    private final ma.rokhsa.api.deadline.LegalTime legalTime;

    ReviewService(DossierService dossiers, R2dbcDossierStore store, DossierEvents events, Catalog catalog, DatabaseClient db,
                  TransactionalOperator tx, JsonMapper json, Clock clock, ma.rokhsa.api.deadline.LegalTime legalTime) {
        this.dossiers = dossiers;
        this.store = store;
        this.events = events;
        this.catalog = catalog;
        this.db = db;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.legalTime = legalTime;
    }

    /** SUBMITTED -> IN_REVIEW, and the dossier is sent to each organisation of its commission. */
    public Mono<Void> accept(Viewer v, UUID id) {
        return staffOfCommune(v, id).flatMap(d -> {
            if (d.status() != DossierStatus.SUBMITTED) {
                return Mono.error(ApiProblem.conflict("WRONG_STATE", "Dossier " + d.reference() + " is " + d.status()
                        + ": only a submitted dossier is checked for completeness."));
            }
            List<String> kinds = catalog.type(d.type()).orElseThrow().commission();
            var opinions = legalTime.clock().rule("opinions");
            LocalDate today = clock.instant().atZone(legalTime.clock().zone()).toLocalDate();
            LocalDate due = opinions.count() == ma.rokhsa.api.deadline.LegalClock.DayCount.WORKING
                    ? legalTime.clock().calendar().addWorkingDays(today, opinions.days()) : today.plusDays(opinions.days());
            return tx.transactional(store.lock(d.id())
                    .flatMap(locked -> store.transition(d.id(), List.of(DossierStatus.SUBMITTED), DossierStatus.IN_REVIEW))
                    .flatMap(moved -> moved ? Mono.empty() : Mono.error(ApiProblem.conflict("CONCURRENT_CHANGE", "The dossier changed meanwhile.")))
                    .then(db.sql("""
                            INSERT INTO dossier_commission (dossier_id, organisation_code, due_date, sent_at)
                            SELECT :d, o.code, :due, :now FROM organisation o
                            WHERE o.province_code = :p AND o.kind = ANY(:kinds)
                            ON CONFLICT (dossier_id, organisation_code) DO NOTHING""")
                            .bind("d", d.id()).bind("due", due).bind("now", now()).bind("p", d.provinceCode()).bind("kinds", kinds.toArray(String[]::new))
                            .then())
                    .then(db.sql("SELECT organisation_code FROM dossier_commission WHERE dossier_id = :d ORDER BY organisation_code")
                            .bind("d", d.id()).map(r -> r.get("organisation_code", String.class)).all().collectList())
                    .flatMap(orgs -> events.dossierStatus(d, DossierStatus.SUBMITTED, DossierStatus.IN_REVIEW,
                            Map.of("commission", orgs, "opinionsDue", due.toString()))))
                    .doOnSuccess(x -> log.info("dossier {} ({}) accepted for review by {}", d.id(), d.reference(), v.username()))
                    .then();
        });
    }

    /** SUBMITTED or IN_REVIEW -> RETURNED with reasons; the legal clock stops until the architect resubmits. */
    public Mono<Void> returnToArchitect(Viewer v, UUID id, List<String> reasons) {
        if (reasons == null || reasons.stream().allMatch(r -> r == null || r.isBlank())) {
            return Mono.error(ApiProblem.badRequest("REASONS_REQUIRED", "Say what the architect must add or correct."));
        }
        return staffOfCommune(v, id).flatMap(d -> {
            if (d.status() != DossierStatus.SUBMITTED && d.status() != DossierStatus.IN_REVIEW) {
                return Mono.error(ApiProblem.conflict("WRONG_STATE", "Dossier " + d.reference() + " is " + d.status()
                        + ": it can be returned while submitted or in review."));
            }
            DossierStatus from = d.status();
            return tx.transactional(store.lock(d.id())
                    .then(store.transition(d.id(), List.of(from), DossierStatus.RETURNED))
                    .flatMap(moved -> moved ? Mono.empty() : Mono.error(ApiProblem.conflict("CONCURRENT_CHANGE", "The dossier changed meanwhile.")))
                    .then(db.sql("INSERT INTO dossier_return (dossier_id, reasons, returned_by, returned_at) VALUES (:d, :r, :by, :now)")
                            .bind("d", d.id()).bind("r", Json.of(json.writeValueAsString(reasons))).bind("by", v.id())
                            .bind("now", now()).then())
                    .then(legalTime.stop(d.id(), clock.instant()))
                    .then(events.dossierStatus(d, from, DossierStatus.RETURNED, Map.of("reasons", reasons))))
                    .then();
        });
    }

    private java.time.OffsetDateTime now() {
        return java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
    }

    /** The dossier if the viewer is the one-stop shop of its commune (others: 404 if they cannot see it, 403 if they can). */
    private Mono<DossierRecord> staffOfCommune(Viewer v, UUID id) {
        return dossiers.visible(v, id).flatMap(d -> v.is(Role.REVIEWER) && d.communeCode().equals(v.communeCode())
                ? Mono.just(d)
                : Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only the commune's one-stop shop checks completeness.")));
    }
}
