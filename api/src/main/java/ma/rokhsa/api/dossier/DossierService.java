package ma.rokhsa.api.dossier;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Dossier use cases: create, read (scoped), list, checklist, submit. */
@Service
public class DossierService {

    private static final Logger log = LoggerFactory.getLogger(DossierService.class);
    private static final TypeReference<List<Problem>> PROBLEMS = new TypeReference<>() { };

    private final R2dbcDossierStore store;
    private final Catalog catalog;
    private final DossierEvents events;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final DatabaseClient db;
    private final Clock clock;
    private final ma.rokhsa.api.signing.Receipts receipts;
    private final ma.rokhsa.api.deadline.LegalTime legalTime;
    private final ma.rokhsa.api.fees.FeeService fees;

    public DossierService(R2dbcDossierStore store, Catalog catalog, DossierEvents events, TransactionalOperator tx,
                          JsonMapper json, DatabaseClient db, Clock clock,
                          @org.springframework.context.annotation.Lazy ma.rokhsa.api.signing.Receipts receipts,
                          ma.rokhsa.api.deadline.LegalTime legalTime, @org.springframework.context.annotation.Lazy ma.rokhsa.api.fees.FeeService fees) {
        this.store = store;
        this.catalog = catalog;
        this.events = events;
        this.tx = tx;
        this.json = json;
        this.db = db;
        this.clock = clock;
        this.receipts = receipts;
        this.legalTime = legalTime;
        this.fees = fees;
    }

    /** The request to open a dossier. */
    public record NewDossier(String type, String communeCode, String title, Applicant applicant) {
    }

    public Mono<DossierRecord> create(Viewer v, NewDossier req) {
        if (!v.is(Role.ARCHITECT)) {
            return Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only architects file dossiers."));
        }
        if (catalog.type(req.type()).isEmpty()) {
            return Mono.error(ApiProblem.badRequest("UNKNOWN_DOSSIER_TYPE",
                    "Unknown dossier type '" + req.type() + "'. Use one of " + catalog.types().keySet() + " (see GET /api/dossier-types)."));
        }
        UUID id = UUID.randomUUID();
        int year = LocalDate.now(clock).getYear();
        return db.sql("SELECT 1 FROM commune WHERE code = :c").bind("c", req.communeCode()).fetch().one()
                .switchIfEmpty(Mono.error(ApiProblem.badRequest("UNKNOWN_COMMUNE",
                        "Unknown commune '" + req.communeCode() + "'. Use a code from GET /api/communes.")))
                .then(tx.transactional(store.nextReference(req.communeCode(), year)
                        .flatMap(ref -> store.insert(id, ref, req.type(), req.communeCode(), req.title().strip(),
                                        json.writeValueAsString(req.applicant()), v.id())
                                .then(store.findForSystem(id))
                                .flatMap(d -> events.dossierStatus(d, null, DossierStatus.DRAFT, Map.of()).thenReturn(d)))))
                .doOnNext(d -> log.info("dossier {} ({}) created by {}", d.id(), d.reference(), v.username()));
    }

    /** The dossier if the viewer may see it; a 404 problem otherwise (never 403: existence is not leaked). */
    public Mono<DossierRecord> visible(Viewer v, UUID id) {
        return store.find(id, Scope.of(v)).switchIfEmpty(Mono.error(ApiProblem.notFound("Dossier " + id)));
    }

    public Mono<Views.DossierView> view(Viewer v, UUID id) {
        return visible(v, id).flatMap(this::view);
    }

    public Mono<Views.DossierView> view(DossierRecord d) {
        // A dossier that was never submitted was never returned: no query for it.
        Mono<java.util.Optional<Views.LastReturn>> returned = d.submittedAt() == null ? Mono.just(java.util.Optional.empty())
                : store.lastReturn(d.id()).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty());
        return store.documents(d.id()).map(this::documentView).collectList().zipWith(returned)
                .map(t -> new Views.DossierView(d.id(), d.reference(), d.type(),
                        catalog.type(d.type()).map(Catalog.DossierType::name).orElse(d.type()),
                        d.communeCode(), d.communeName(), d.provinceCode(), d.title(), json.readTree(d.applicantJson()),
                        d.architectUsername(), d.status().name(), d.createdAt(), d.updatedAt(), d.submittedAt(),
                        d.receiptReference(), t.getT1(), t.getT2().orElse(null)));
    }

    public Views.DocumentView documentView(DocumentRecord doc) {
        return new Views.DocumentView(doc.id(), doc.dossierId(), doc.fileName(), doc.kind(), doc.size(), doc.sha256(),
                doc.status().name(), doc.declaredType(), doc.detectedType(), problems(doc),
                doc.metadataJson() == null ? null : json.readTree(doc.metadataJson()), doc.createdAt(), doc.updatedAt());
    }

    public List<Problem> problems(DocumentRecord doc) {
        return json.readValue(doc.problemsJson(), PROBLEMS);
    }

    public Mono<Views.Page<Views.DossierSummary>> list(Viewer v, String status, String communeCode, int page, int size) {
        return list(v, status, communeCode, null, page, size);
    }

    /** The caller's visible dossiers, newest first, of one status, commune and procedure when given. */
    public Mono<Views.Page<Views.DossierSummary>> list(Viewer v, String status, String communeCode, String type, int page, int size) {
        if (status != null && !status.isBlank()) {
            try {
                DossierStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                return Mono.error(ApiProblem.badRequest("UNKNOWN_STATUS", "Unknown status '" + status
                        + "'. Use one of " + List.of(DossierStatus.values()) + "."));
            }
        }
        if (page < 0 || size < 1 || size > 200) {
            return Mono.error(ApiProblem.badRequest("BAD_PAGE", "page must be >= 0 and size between 1 and 200."));
        }
        String st = status == null || status.isBlank() ? null : status;
        String cc = communeCode == null || communeCode.isBlank() ? null : communeCode;
        String ty = type == null || type.isBlank() ? null : type;
        Scope scope = Scope.of(v);
        return store.list(scope, st, cc, ty, page, size)
                .map(d -> new Views.DossierSummary(d.id(), d.reference(), d.type(), d.communeCode(), d.communeName(),
                        d.title(), d.status().name(), d.architectUsername(), d.createdAt(), d.submittedAt()))
                .collectList()
                .zipWith(store.count(scope, st, cc, ty))
                .map(t -> new Views.Page<>(t.getT1(), page, size, t.getT2()));
    }

    public Mono<Views.ChecklistView> checklist(Viewer v, UUID id) {
        return visible(v, id).flatMap(this::checklist);
    }

    public Mono<Views.ChecklistView> checklist(DossierRecord d) {
        Catalog.DossierType type = catalog.type(d.type()).orElseThrow();
        return store.documents(d.id()).collectList().map(docs -> {
            List<Views.ChecklistItem> items = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            List<String> invalid = new ArrayList<>();
            List<String> pending = new ArrayList<>();
            List<String> kinds = new ArrayList<>(type.requiredKinds());
            kinds.addAll(type.optionalKinds());
            for (String kind : kinds) {
                boolean required = type.requiredKinds().contains(kind);
                List<DocumentRecord> ofKind = docs.stream().filter(x -> x.kind().equals(kind)).toList();
                String state;
                if (ofKind.stream().anyMatch(x -> x.status().satisfiesChecklist())) {
                    state = "VALID";
                } else if (ofKind.stream().anyMatch(x -> !x.status().isFinal())) {
                    state = "PENDING";
                } else if (!ofKind.isEmpty()) {
                    state = "REJECTED";
                } else {
                    state = "MISSING";
                }
                if (required) {
                    switch (state) {
                        case "MISSING" -> missing.add(kind);
                        case "REJECTED" -> invalid.add(kind);
                        case "PENDING" -> pending.add(kind);
                        default -> { }
                    }
                }
                Catalog.Kind k = catalog.kinds().get(kind);
                items.add(new Views.ChecklistItem(kind, k.name(), k.nameAr(), required, k.acceptedTypes(), state,
                        ofKind.stream().map(DocumentRecord::id).toList()));
            }
            boolean complete = missing.isEmpty() && invalid.isEmpty() && pending.isEmpty();
            return new Views.ChecklistView(d.id(), d.reference(), d.type(), complete, items, missing, invalid, pending);
        });
    }

    /** DRAFT or RETURNED -> SUBMITTED, by its architect, once every required kind has a valid document. */
    public Mono<Views.DossierView> submit(Viewer v, UUID id) {
        return visible(v, id).flatMap(d -> {
            if (!d.architectId().equals(v.id())) {
                return Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only the dossier's architect can submit it."));
            }
            if (d.status() != DossierStatus.DRAFT && d.status() != DossierStatus.RETURNED) {
                return Mono.error(ApiProblem.conflict("NOT_SUBMITTABLE",
                        "Dossier " + d.reference() + " is " + d.status() + ": only a draft or a returned dossier can be submitted."));
            }
            return checklist(d).zipWith(feesComputable(d)).flatMap(t -> {
                Views.ChecklistView c = t.getT1();
                boolean figuresMissing = t.getT2().isPresent();
                if (!c.complete() || figuresMissing) {
                    List<String> missing = new ArrayList<>(c.missing());
                    String message = incompleteMessage(c);
                    if (figuresMissing) {
                        missing.add("figures");
                        message = (c.complete() ? "Dossier " + c.reference() + " cannot be submitted yet: " : message + " Also: ")
                                + t.getT2().get().getBody().getDetail();
                    }
                    return Mono.error(new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "DOSSIER_INCOMPLETE", message,
                            Map.of("missing", missing, "invalid", c.invalid(), "pending", c.pending())));
                }
                DossierStatus from = d.status();
                java.time.Instant now = clock.instant();
                // The receipt is rendered and sealed first, with nothing locked (signing and the timestamp
                // authority take time); then, under the dossier's lock, the dossier must be as the receipt
                // describes it (same status, applicant and documents), and the receipt commits with the
                // submission: a submission without its receipt never commits.
                // A document that finished its checks meanwhile changes the list: sealed again, twice at most.
                return Mono.defer(() -> store.documents(d.id()).filter(doc -> doc.status().satisfiesChecklist()).collectList())
                        .flatMap(docs -> receipts.seal(d, json.readTree(d.applicantJson()).path("name").asString(), docs,
                                        now.atZone(clock.getZone()))
                                .flatMap(sealed -> tx.transactional(store.lock(d.id())
                                        .flatMap(locked -> store.documents(d.id()).filter(doc -> doc.status().satisfiesChecklist())
                                                .map(DocumentRecord::id).collect(java.util.stream.Collectors.toSet())
                                                .flatMap(ids -> locked.status() != from || !java.util.Objects.equals(locked.applicantJson(), d.applicantJson())
                                                        ? Mono.error(changedMeanwhile())
                                                        : !ids.equals(docs.stream().map(DocumentRecord::id).collect(java.util.stream.Collectors.toSet()))
                                                        ? Mono.error(new DocumentsChanged()) : receipts.record(sealed)))
                                        .flatMap(receipt -> store.submitted(d.id(), List.of(from), now)
                                                .flatMap(moved -> moved
                                                        ? store.setReceipt(d.id(), receipt.reference())
                                                                .then(legalTime.start(d.id(), now))
                                                                .then(events.dossierStatus(d, from, DossierStatus.SUBMITTED,
                                                                        Map.of("receipt", receipt.reference())))
                                                                .then()
                                                        : Mono.error(changedMeanwhile()))))))
                        .retryWhen(Retry.max(2).filter(DocumentsChanged.class::isInstance))
                        .onErrorMap(Exceptions::isRetryExhausted, e -> changedMeanwhile())
                        .then(store.findForSystem(d.id()))
                        .flatMap(this::view);
            });
        });
    }

    /** The documents to file changed between the receipt's sealing and the submission's lock. */
    private static final class DocumentsChanged extends RuntimeException {
        DocumentsChanged() {
            super(null, null, false, false);
        }
    }

    private static ApiProblem changedMeanwhile() {
        return ApiProblem.conflict("CONCURRENT_CHANGE", "The dossier changed meanwhile; reload it and try again.");
    }

    /**
     * The fees must be computable from what the architect declared (covered areas, works cost) before a
     * dossier is filed; a missing tariff is the commune's business and does not stop the filing.
     */
    private Mono<java.util.Optional<ApiProblem>> feesComputable(DossierRecord d) {
        return fees.fees(d).map(f -> java.util.Optional.<ApiProblem>empty())
                .onErrorResume(ApiProblem.class, e -> Mono.just("FIGURES_MISSING".equals(e.code())
                        ? java.util.Optional.of(e) : java.util.Optional.empty()));
    }

    private String incompleteMessage(Views.ChecklistView c) {
        List<String> parts = new ArrayList<>();
        if (!c.missing().isEmpty()) {
            parts.add("missing: " + names(c.missing()));
        }
        if (!c.invalid().isEmpty()) {
            parts.add("rejected (upload a corrected file): " + names(c.invalid()));
        }
        if (!c.pending().isEmpty()) {
            parts.add("still being checked (wait a moment): " + names(c.pending()));
        }
        return "Dossier " + c.reference() + " cannot be submitted yet; " + String.join("; ", parts) + ".";
    }

    private String names(List<String> kinds) {
        return String.join(", ", kinds.stream().map(k -> catalog.kinds().get(k).name() + " (" + k + ")").toList());
    }
}
