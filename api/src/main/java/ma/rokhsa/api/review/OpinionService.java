package ma.rokhsa.api.review;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import ma.rokhsa.api.deadline.LegalTime;
import ma.rokhsa.api.dossier.DossierEvents;
import ma.rokhsa.api.dossier.DossierRecord;
import ma.rokhsa.api.dossier.DossierService;
import ma.rokhsa.api.dossier.DossierStatus;
import ma.rokhsa.api.dossier.R2dbcDossierStore;
import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.signing.IssuedDocuments;
import ma.rokhsa.api.signing.Receipts;
import ma.rokhsa.api.signing.SigningKeyService;
import ma.rokhsa.api.web.ApiProblem;
import ma.rokhsa.signer.pades.PadesLevel;
import ma.rokhsa.signer.pades.PdfBoxPadesSigner;
import ma.rokhsa.signer.pades.SignatureParameters;
import ma.rokhsa.signer.render.Bilingual;
import ma.rokhsa.signer.render.CommissionOpinion;
import ma.rokhsa.signer.render.OpenHtmlToPdfRenderer;
import ma.rokhsa.signer.render.SignatureBlock;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Commission opinions: each organisation the dossier was sent to gives one (favourable, favourable with
 * conditions, unfavourable) with its reasons, as a PDF signed with the member's key when they hold one
 * (sealed by the platform otherwise). The dossier shows "3 of 5 opinions received" and who is late.
 */
@Service
public class OpinionService {

    public enum Opinion { FAVOURABLE, FAVOURABLE_WITH_CONDITIONS, UNFAVOURABLE }

    /** The organisation kind whose unfavourable opinion binds the commune. */
    static final String BINDING_KIND = "AU";

    public record OpinionView(String organisation, String organisationName, String kind, boolean binding,
                              LocalDate dueDate, String opinion, List<String> reasons, String conditions,
                              String givenBy, OffsetDateTime givenAt, boolean late, String document) {
    }

    public record Summary(int received, int expected, String summary, List<String> late, List<OpinionView> opinions) {
    }

    private final DossierService dossiers;
    private final R2dbcDossierStore store;
    private final DossierEvents events;
    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final Clock clock;
    private final LegalTime legalTime;
    private final OpenHtmlToPdfRenderer renderer;
    private final PdfBoxPadesSigner signer;
    private final SigningKeyService keys;
    private final Receipts receipts;
    private final IssuedDocuments issued;
    private final Catalog catalog;

    OpinionService(DossierService dossiers, R2dbcDossierStore store, DossierEvents events, DatabaseClient db,
                   TransactionalOperator tx, JsonMapper json, Clock clock, LegalTime legalTime, OpenHtmlToPdfRenderer renderer,
                   PdfBoxPadesSigner signer, SigningKeyService keys, Receipts receipts, IssuedDocuments issued, Catalog catalog) {
        this.dossiers = dossiers;
        this.store = store;
        this.events = events;
        this.db = db;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.legalTime = legalTime;
        this.renderer = renderer;
        this.signer = signer;
        this.keys = keys;
        this.receipts = receipts;
        this.issued = issued;
        this.catalog = catalog;
    }

    /** Gives the opinion of the caller's organisation, signed with their key when a PIN is given. */
    public Mono<Summary> give(Viewer v, UUID dossierId, Opinion opinion, List<String> reasons, String conditions, char[] pin) {
        if (!v.is(Role.COMMISSION_MEMBER)) {
            return dossiers.visible(v, dossierId).then(Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED",
                    "Opinions are given by the members of the commission's organisations.")));
        }
        if (opinion != Opinion.FAVOURABLE && reasons.stream().allMatch(String::isBlank)) {
            return Mono.error(ApiProblem.badRequest("REASONS_REQUIRED", "An unfavourable or conditional opinion must state its reasons."));
        }
        if (opinion == Opinion.FAVOURABLE_WITH_CONDITIONS && (conditions == null || conditions.isBlank())) {
            return Mono.error(ApiProblem.badRequest("CONDITIONS_REQUIRED", "Say which conditions the favourable opinion carries."));
        }
        return dossiers.visible(v, dossierId).flatMap(d -> {
            if (d.status() != DossierStatus.IN_REVIEW) {
                return Mono.error(ApiProblem.conflict("WRONG_STATE", "Dossier " + d.reference() + " is " + d.status()
                        + ": opinions are given while it is in review."));
            }
            String reference = d.reference() + "-O-" + v.organisationCode();
            ZonedDateTime now = clock.instant().atZone(legalTime.clock().zone());
            return db.sql("SELECT o.name_fr, o.name_ar, dc.opinion FROM dossier_commission dc JOIN organisation o ON o.code = dc.organisation_code"
                            + " WHERE dc.dossier_id = :d AND dc.organisation_code = :o")
                    .bind("d", d.id()).bind("o", v.organisationCode())
                    .map(r -> new String[] {r.get("name_fr", String.class), r.get("name_ar", String.class), r.get("opinion", String.class)})
                    .one()
                    .flatMap(org -> {
                        if (org[2] != null) {
                            return Mono.error(ApiProblem.conflict("OPINION_ALREADY_GIVEN", "Your organisation already gave its opinion on " + d.reference() + "."));
                        }
                        Mono<byte[]> pdf = receipts.bilingualCommune(d.communeCode()).flatMap(commune -> {
                            Catalog.DossierType type = catalog.type(d.type()).orElseThrow();
                            return renderer.render(new CommissionOpinion(d.reference(), commune, Bilingual.of(type.name(), type.nameAr()),
                                    Bilingual.of(org[0], org[1]), kind(opinion),
                                    reasons.stream().filter(r -> !r.isBlank()).map(Bilingual::fr).toList(),
                                    new SignatureBlock(v.fullName(), Bilingual.of("Membre de la commission", "عضو اللجنة"), now),
                                    receipts.verificationUrl(reference)));
                        });
                        Mono<byte[]> signed = pin == null
                                ? pdf.flatMap(p -> receipts.sealPdf(p, "Avis " + reference))
                                : keys.unlockForSigning(v, pin).flatMap(token -> pdf.flatMap(p -> signer.sign(p,
                                SignatureParameters.builder(PadesLevel.B_LT, token.certificateChain()).signerName(v.fullName())
                                        .reason("Avis " + reference).build(), token)));
                        return signed.flatMap(bytes -> tx.transactional(store.lock(d.id())
                                .then(issued.record(reference, d.id(), "OPINION", bytes, true))
                                .then(db.sql("""
                                        UPDATE dossier_commission SET opinion = :op, reasons = :r, conditions = :c, given_by = :by,
                                          given_at = :at, opinion_reference = :ref
                                        WHERE dossier_id = :d AND organisation_code = :o AND opinion IS NULL""")
                                        .bind("op", opinion.name()).bind("r", Json.of(json.writeValueAsString(reasons)))
                                        .bind("c", Parameter.fromOrEmpty(conditions, String.class)).bind("by", v.id())
                                        .bind("at", now.toOffsetDateTime()).bind("ref", reference)
                                        .bind("d", d.id()).bind("o", v.organisationCode()).fetch().rowsUpdated())
                                .flatMap(n -> n == 0 ? Mono.error(ApiProblem.conflict("OPINION_ALREADY_GIVEN", "Your organisation already gave its opinion."))
                                        : events.fact(d, "opinion.given", Map.of("organisation", v.organisationCode(),
                                        "opinion", opinion.name(), "document", reference, "signed", pin != null)))));
                    });
        }).then(summary(v, dossierId));
    }

    public Mono<Summary> summary(Viewer v, UUID dossierId) {
        return dossiers.visible(v, dossierId).flatMap(d -> summary(d));
    }

    public Mono<Summary> summary(DossierRecord d) {
        LocalDate today = clock.instant().atZone(legalTime.clock().zone()).toLocalDate();
        return db.sql("""
                        SELECT dc.*, o.name_fr, o.kind, u.username FROM dossier_commission dc
                        JOIN organisation o ON o.code = dc.organisation_code LEFT JOIN app_user u ON u.id = dc.given_by
                        WHERE dc.dossier_id = :d ORDER BY o.code""")
                .bind("d", d.id())
                .map(r -> {
                    LocalDate due = r.get("due_date", LocalDate.class);
                    OffsetDateTime given = r.get("given_at", OffsetDateTime.class);
                    LocalDate givenDay = given == null ? null : given.atZoneSameInstant(legalTime.clock().zone()).toLocalDate();
                    boolean late = due != null && (given == null ? today.isAfter(due) : givenDay.isAfter(due));
                    Json reasons = r.get("reasons", Json.class);
                    return new OpinionView(r.get("organisation_code", String.class), r.get("name_fr", String.class),
                            r.get("kind", String.class), BINDING_KIND.equals(r.get("kind", String.class)), due,
                            r.get("opinion", String.class),
                            reasons == null ? List.of() : List.of(json.readValue(reasons.asString(), String[].class)),
                            r.get("conditions", String.class), r.get("username", String.class), given, late,
                            r.get("opinion_reference", String.class));
                })
                .all().collectList()
                .map(list -> {
                    int received = (int) list.stream().filter(o -> o.opinion() != null).count();
                    List<String> late = list.stream().filter(o -> o.late() && o.opinion() == null).map(OpinionView::organisation).toList();
                    String text = received + " of " + list.size() + " opinions received"
                            + (late.isEmpty() ? "" : "; late: " + String.join(", ", late));
                    return new Summary(received, list.size(), text, late, list);
                });
    }

    /** Whether a decision may be drafted: every opinion is in or overdue; and what the binding one says. */
    public Mono<Summary> readyForDecision(DossierRecord d) {
        return summary(d).flatMap(s -> {
            long waiting = s.opinions().stream().filter(o -> o.opinion() == null && !o.late()).count();
            if (waiting > 0) {
                return Mono.error(ApiProblem.conflict("OPINIONS_PENDING", s.summary() + ": wait for the others (or their deadline) before drafting the decision."));
            }
            return Mono.just(s);
        });
    }

    public static boolean bindingUnfavourable(Summary s) {
        return s.opinions().stream().anyMatch(o -> o.binding() && Opinion.UNFAVOURABLE.name().equals(o.opinion()));
    }

    private static CommissionOpinion.Kind kind(Opinion o) {
        return CommissionOpinion.Kind.valueOf(o.name());
    }
}
