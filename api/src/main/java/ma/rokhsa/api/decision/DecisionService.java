package ma.rokhsa.api.decision;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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
import ma.rokhsa.api.signing.IssuedDocuments;
import ma.rokhsa.api.signing.Receipts;
import ma.rokhsa.api.signing.SigningKeyService;
import ma.rokhsa.api.web.ApiProblem;
import ma.rokhsa.signer.pades.PadesLevel;
import ma.rokhsa.signer.pades.PdfBoxPadesSigner;
import ma.rokhsa.signer.pades.SignatureParameters;
import ma.rokhsa.signer.render.Bilingual;
import ma.rokhsa.signer.render.Decision;
import ma.rokhsa.signer.render.OpenHtmlToPdfRenderer;
import ma.rokhsa.signer.render.SignatureBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The commune's decision on a dossier: drafted by the one-stop shop or the signatory with a preview PDF,
 * then signed by the commune's signatory with their personal key and PIN (PAdES B-LT: timestamped, with
 * the validation data embedded), which issues the permit or notifies the refusal.
 */
@Service
public class DecisionService {

    private static final Logger log = LoggerFactory.getLogger(DecisionService.class);
    private static final ZoneId MOROCCO = ZoneId.of("Africa/Casablanca");
    private static final TypeReference<List<Bilingual>> REASONS = new TypeReference<>() { };
    private static final Bilingual PRESIDENT = Bilingual.of("Le Président du Conseil communal", "رئيس المجلس الجماعي");

    /** The states from which a decision may be drafted (or redrafted). */
    static final List<DossierStatus> DRAFTABLE = List.of(DossierStatus.IN_REVIEW, DossierStatus.DECISION_DRAFTED);
    /** Where a redraft may change the wording but not the outcome (the fees are fixed). */
    static final List<DossierStatus> REWORDABLE = List.of(DossierStatus.FEES_DUE, DossierStatus.FEES_PAID);

    private final DossierService dossiers;
    private final R2dbcDossierStore store;
    private final DossierEvents events;
    private final OpenHtmlToPdfRenderer renderer;
    private final PdfBoxPadesSigner signer;
    private final SigningKeyService keys;
    private final IssuedDocuments issued;
    private final Receipts receipts;
    private final Catalog catalog;
    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final Clock clock;
    private final ma.rokhsa.api.review.OpinionService opinions;
    private final ma.rokhsa.api.payment.PaymentService payments;
    private final ma.rokhsa.api.deadline.LegalTime legalTime;
    private final Outcomes outcomes;

    DecisionService(DossierService dossiers, R2dbcDossierStore store, DossierEvents events, OpenHtmlToPdfRenderer renderer,
                    PdfBoxPadesSigner signer, SigningKeyService keys, IssuedDocuments issued, Receipts receipts, Catalog catalog,
                    DatabaseClient db, TransactionalOperator tx, JsonMapper json, Clock clock,
                    ma.rokhsa.api.review.OpinionService opinions, ma.rokhsa.api.payment.PaymentService payments,
                    ma.rokhsa.api.deadline.LegalTime legalTime, Outcomes outcomes) {
        this.dossiers = dossiers;
        this.store = store;
        this.events = events;
        this.renderer = renderer;
        this.signer = signer;
        this.keys = keys;
        this.issued = issued;
        this.receipts = receipts;
        this.catalog = catalog;
        this.db = db;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.opinions = opinions;
        this.payments = payments;
        this.legalTime = legalTime;
        this.outcomes = outcomes;
    }

    public enum Outcome { PERMIT, REFUSAL }

    public record DecisionView(UUID dossierId, String reference, String outcome, List<Bilingual> reasons, String site,
                               String draftedBy, OffsetDateTime draftedAt, String signedBy, OffsetDateTime signedAt,
                               String previewUrl, String documentUrl, String verificationUrl) {
    }

    /** Drafts (or redrafts) the decision and renders its preview. The one-stop shop or the signatory of the commune. */
    public Mono<DecisionView> draft(Viewer v, UUID dossierId, Outcome outcome, List<Bilingual> reasons, String site) {
        if (!(v.is(Role.REVIEWER) || v.is(Role.SIGNATORY))) {
            return dossiers.visible(v, dossierId).then(Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED",
                    "Decisions are drafted by the commune's one-stop shop or its president.")));
        }
        if (outcome == Outcome.REFUSAL && reasons.isEmpty()) {
            return Mono.error(ApiProblem.badRequest("REASONS_REQUIRED", "A refusal must state its reasons."));
        }
        return dossiers.visible(v, dossierId).flatMap(d -> {
            if (!DRAFTABLE.contains(d.status()) && !REWORDABLE.contains(d.status())) {
                return Mono.error(ApiProblem.conflict("WRONG_STATE", "Dossier " + d.reference() + " is " + d.status()
                        + ": a decision is drafted once the dossier is in review and its opinions are in."));
            }
            Mono<Void> checks = opinions.readyForDecision(d).flatMap(s -> outcome == Outcome.PERMIT && ma.rokhsa.api.review.OpinionService.bindingUnfavourable(s)
                    ? Mono.error(ApiProblem.conflict("BINDING_UNFAVOURABLE_OPINION",
                    "The urban agency's opinion is unfavourable and binding: the decision can only be a refusal."))
                    : Mono.empty());
            if (REWORDABLE.contains(d.status())) {
                checks = checks.then(decision(d.id()).filter(row -> !row.outcome().equals(outcome.name()))
                        .flatMap(row -> Mono.error(ApiProblem.conflict("OUTCOME_FIXED",
                                "The fees of this " + row.outcome().toLowerCase() + " are already due: only its wording can change."))));
            }
            String reference = d.reference() + (outcome == Outcome.PERMIT ? "-P" : "-X");
            // The preview carries an unsigned block, so nobody mistakes it for the act.
            SignatureBlock unsigned = new SignatureBlock("PROJET - non signé / مشروع غير موقع", PRESIDENT,
                    ZonedDateTime.now(clock).withZoneSameInstant(MOROCCO));
            return checks.then(render(d, reference, outcome, reasons, site, unsigned))
                    .flatMap(preview -> issued.recordDraft(reference + "-preview", d.id(), "DECISION_PREVIEW", preview))
                    .flatMap(prev -> tx.transactional(saveDraft(v, d, reference, outcome, reasons, site, prev.sha256())))
                    .then(store.findForSystem(d.id()))
                    .flatMap(this::view);
        });
    }

    private Mono<Void> saveDraft(Viewer v, DossierRecord d, String reference, Outcome outcome, List<Bilingual> reasons,
                                 String site, String previewSha) {
        return store.lock(d.id()).flatMap(locked -> db.sql("""
                        INSERT INTO decision (dossier_id, reference, outcome, reasons, site, drafted_by, drafted_at, preview_sha256)
                        VALUES (:d, :r, :o, :reasons, :site, :by, :now, :sha)
                        ON CONFLICT (dossier_id) DO UPDATE SET reference = excluded.reference, outcome = excluded.outcome,
                          reasons = excluded.reasons, site = excluded.site, drafted_by = excluded.drafted_by,
                          drafted_at = excluded.drafted_at, preview_sha256 = excluded.preview_sha256
                        WHERE decision.signed_at IS NULL""")
                .bind("d", d.id()).bind("r", reference).bind("o", outcome.name())
                .bind("reasons", Json.of(json.writeValueAsString(reasons)))
                .bind("site", Parameter.fromOrEmpty(site, String.class)).bind("by", v.id()).bind("sha", previewSha)
                .bind("now", OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC))
                .fetch().rowsUpdated()
                .flatMap(n -> {
                    if (n == 0) {
                        return Mono.error(ApiProblem.conflict("ALREADY_SIGNED", "The decision is already signed."));
                    }
                    if (locked.status() != DossierStatus.IN_REVIEW) {
                        return events.fact(locked, "decision.redrafted", Map.of("decision", reference, "outcome", outcome.name()))
                                .then(outcome == Outcome.PERMIT && locked.status() == DossierStatus.DECISION_DRAFTED
                                        ? feesDue(locked) : Mono.empty());
                    }
                    return store.transition(d.id(), List.of(locked.status()), DossierStatus.DECISION_DRAFTED)
                            .then(events.dossierStatus(locked, locked.status(), DossierStatus.DECISION_DRAFTED,
                                    Map.of("decision", reference, "outcome", outcome.name())))
                            .then(outcome == Outcome.PERMIT ? store.findForSystem(d.id()).flatMap(this::feesDue) : Mono.empty());
                }));
    }

    /**
     * A permit is issued only once its fees are paid: drafting it fixes the fees (tariff of the submission
     * date) and waits for the applicant, the legal clock stopped meanwhile; nothing to pay, and it moves on.
     */
    private Mono<Void> feesDue(DossierRecord d) {
        return payments.markFeesDue(d.id()).flatMap(due -> {
            DossierStatus to = due.paid() ? DossierStatus.FEES_PAID : DossierStatus.FEES_DUE;
            Mono<Void> clock = due.paid() ? Mono.empty() : legalTime.stop(d.id(), this.clock.instant());
            return store.transition(d.id(), List.of(DossierStatus.DECISION_DRAFTED), to)
                    .then(clock)
                    .then(events.dossierStatus(d, DossierStatus.DECISION_DRAFTED, to,
                            Map.of("amount", due.amount(), "currency", due.currency())))
                    .then();
        });
    }

    /** Signs the drafted decision with the signatory's key: the signatory of that commune only. */
    public Mono<DecisionView> sign(Viewer v, UUID dossierId, char[] pin) {
        if (!v.is(Role.SIGNATORY)) {
            return dossiers.visible(v, dossierId).then(Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED",
                    "Only the commune's president (signatory) signs decisions.")));
        }
        return dossiers.visible(v, dossierId).flatMap(d -> decision(d.id())
                .switchIfEmpty(Mono.error(ApiProblem.conflict("NO_DECISION", "Draft the decision first (POST /api/dossiers/" + dossierId + "/decision).")))
                .flatMap(row -> {
                    if (row.signedAt() != null) {
                        return Mono.error(ApiProblem.conflict("ALREADY_SIGNED", "The decision " + row.reference() + " is already signed."));
                    }
                    Outcome outcome = Outcome.valueOf(row.outcome());
                    DossierStatus ready = outcome == Outcome.PERMIT ? DossierStatus.FEES_PAID : DossierStatus.DECISION_DRAFTED;
                    Mono<Void> gate = d.status() == ready ? Mono.empty() : Mono.error(outcome == Outcome.PERMIT && d.status() == DossierStatus.FEES_DUE
                            ? ApiProblem.conflict("FEES_NOT_PAID", "The permit can be signed once its fees are paid; they are due by the applicant.")
                            : ApiProblem.conflict("WRONG_STATE", "Dossier " + d.reference() + " is " + d.status() + ": the decision cannot be signed now."));
                    ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(MOROCCO);
                    return gate.then(keys.unlockForSigning(v, pin))
                            .flatMap(token -> render(d, row.reference(), outcome, reasons(row), row.site(),
                                    new SignatureBlock(v.fullName(), PRESIDENT, now))
                                    .flatMap(pdf -> signer.sign(pdf, SignatureParameters.builder(PadesLevel.B_LT, token.certificateChain())
                                            .signerName(v.fullName()).reason("Décision " + row.reference()).location(d.communeName())
                                            .build(), token)))
                            // Under the dossier's lock, checked again: a second signature (a double click) or the
                            // tacit approval may have come first while this one was computed.
                            .flatMap(signed -> tx.transactional(store.lock(d.id()).flatMap(locked -> locked.status() != ready
                                    ? Mono.error(ApiProblem.conflict(locked.status() == DossierStatus.SIGNED || locked.status() == DossierStatus.ISSUED
                                            || locked.status() == DossierStatus.REFUSED ? "ALREADY_SIGNED" : "WRONG_STATE",
                                            "Dossier " + d.reference() + " is " + locked.status() + " now: the decision cannot be signed."))
                                    : issued.record(row.reference(), d.id(), "DECISION", signed, true)
                                            .then(db.sql("""
                                                    UPDATE decision SET signed_by = :by, signed_at = :at, signed_sha256 = s.sha256
                                                    FROM issued_document s
                                                    WHERE s.reference = :r AND decision.dossier_id = :d AND decision.signed_at IS NULL""")
                                                    .bind("by", v.id()).bind("at", now.toOffsetDateTime()).bind("r", row.reference()).bind("d", d.id())
                                                    .fetch().rowsUpdated())
                                            .flatMap(n -> n == 1 ? finish(locked, outcome, row.reference(), now.toInstant())
                                                    : Mono.error(ApiProblem.conflict("ALREADY_SIGNED", "The decision " + row.reference() + " is already signed."))))))
                            .then(keys.audit(v.id(), "SIGNED", Map.of("document", row.reference())))
                            .doOnSuccess(x -> log.info("dossier {} ({}): decision {} signed by {}", d.id(), d.reference(), row.reference(), v.username()));
                }))
                .then(store.findForSystem(dossierId)).flatMap(this::view);
    }

    /**
     * SIGNED, then ISSUED (permit) or REFUSED, in the signing transaction; the legal clock stops for good at
     * {@code now}, the moment of the signature (the one on the act, in {@code decision.signed_at}).
     */
    private Mono<Void> finish(DossierRecord d, Outcome outcome, String reference, java.time.Instant now) {
        DossierStatus end = outcome == Outcome.PERMIT ? DossierStatus.ISSUED : DossierStatus.REFUSED;
        return legalTime.stop(d.id(), now)
                .then(outcomes.record(d, end, now))
                .then(store.transition(d.id(), List.of(d.status()), DossierStatus.SIGNED))
                .flatMap(ok -> ok ? events.dossierStatus(d, d.status(), DossierStatus.SIGNED, Map.of("decision", reference)) : Mono.error(
                        ApiProblem.conflict("CONCURRENT_CHANGE", "The dossier changed meanwhile; reload it and try again.")))
                .then(store.transition(d.id(), List.of(DossierStatus.SIGNED), end))
                .then(events.dossierStatus(d, DossierStatus.SIGNED, end, Map.of("decision", reference)))
                .then();
    }

    public Mono<DecisionView> get(Viewer v, UUID dossierId) {
        return dossiers.visible(v, dossierId).flatMap(this::view)
                .switchIfEmpty(Mono.error(ApiProblem.notFound("Decision of dossier " + dossierId)));
    }

    /** The decision PDF: the signed one once signed, the preview before (staff only: an architect sees only the signed one). */
    public Mono<byte[]> pdf(Viewer v, UUID dossierId, boolean preview) {
        return dossiers.visible(v, dossierId).flatMap(d -> decision(d.id()).flatMap(row -> {
            if (preview) {
                if (v.is(Role.ARCHITECT)) {
                    return Mono.error(ApiProblem.notFound("Preview of the decision"));
                }
                return issued.find(row.reference() + "-preview").flatMap(issued::content);
            }
            return row.signedAt() == null ? Mono.error(ApiProblem.notFound("Signed decision"))
                    : issued.find(row.reference()).flatMap(issued::content);
        })).switchIfEmpty(Mono.error(ApiProblem.notFound("Decision of dossier " + dossierId)));
    }

    private Mono<byte[]> render(DossierRecord d, String reference, Outcome outcome, List<Bilingual> reasons, String site,
                                SignatureBlock signature) {
        Catalog.DossierType type = catalog.type(d.type()).orElseThrow();
        return receipts.bilingualCommune(d.communeCode()).flatMap(commune -> renderer.render(new Decision(reference, d.reference(),
                commune, Bilingual.of(type.name(), type.nameAr()), json.readTree(d.applicantJson()).path("name").asString(),
                site == null ? d.title() : site, outcome == Outcome.PERMIT ? Decision.Outcome.PERMIT : Decision.Outcome.REFUSAL,
                reasons, signature, receipts.verificationUrl(reference))));
    }

    record Row(String reference, String outcome, String reasonsJson, String site, String draftedBy, OffsetDateTime draftedAt,
               String signedBy, OffsetDateTime signedAt) {
    }

    Mono<Row> decision(UUID dossierId) {
        return db.sql("""
                SELECT d.*, a.username AS drafter, s.username AS signer FROM decision d
                JOIN app_user a ON a.id = d.drafted_by LEFT JOIN app_user s ON s.id = d.signed_by WHERE d.dossier_id = :d""")
                .bind("d", dossierId)
                .map(r -> new Row(r.get("reference", String.class), r.get("outcome", String.class), r.get("reasons", Json.class).asString(),
                        r.get("site", String.class), r.get("drafter", String.class), r.get("drafted_at", OffsetDateTime.class),
                        r.get("signer", String.class), r.get("signed_at", OffsetDateTime.class)))
                .one();
    }

    private List<Bilingual> reasons(Row row) {
        return json.readValue(row.reasonsJson(), REASONS);
    }

    private Mono<DecisionView> view(DossierRecord d) {
        String base = "/api/dossiers/" + d.id() + "/decision";
        return decision(d.id()).map(row -> new DecisionView(d.id(), row.reference(), row.outcome(), reasons(row), row.site(),
                row.draftedBy(), row.draftedAt(), row.signedBy(), row.signedAt(), base + "/preview",
                row.signedAt() == null ? null : base + "/document", receipts.verificationUrl(row.reference()).toString()));
    }
}
