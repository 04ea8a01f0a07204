package ma.rokhsa.api.ui;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.dossier.Applicant;
import ma.rokhsa.api.dossier.DocumentService;
import ma.rokhsa.api.dossier.DossierService;
import ma.rokhsa.api.fees.CoveredUse;
import ma.rokhsa.api.fees.FeeService;
import ma.rokhsa.api.payment.PaymentService;
import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.api.reference.ReferenceData;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The architect's pages: my dossiers, a new dossier, the dossier page (shared by every role, each seeing its
 * own actions), documents added without JavaScript, declared figures, submission and payment. Every page
 * works without JavaScript; the uploader and live updates improve on it where scripts run.
 */
@Controller
class DossierPages {

    private final DossierService dossiers;
    private final DocumentService documents;
    private final DossierPageModel model;
    private final FeeService fees;
    private final PaymentService payments;
    private final Catalog catalog;
    private final ReferenceData reference;
    private final Messages messages;
    private final ma.rokhsa.api.config.RokhsaProperties props;

    DossierPages(DossierService dossiers, DocumentService documents, DossierPageModel model, FeeService fees,
                 PaymentService payments, Catalog catalog, ReferenceData reference, Messages messages,
                 ma.rokhsa.api.config.RokhsaProperties props) {
        this.props = props;
        this.dossiers = dossiers;
        this.documents = documents;
        this.model = model;
        this.fees = fees;
        this.payments = payments;
        this.catalog = catalog;
        this.reference = reference;
        this.messages = messages;
    }

    @GetMapping("/dossiers")
    Mono<Rendering> mine(Viewer v, @RequestParam(required = false) String status, @RequestParam(defaultValue = "0") int page) {
        if (!v.is(Role.ARCHITECT)) {
            return Mono.just(Rendering.redirectTo(PageAdvice.home(v)).build());
        }
        return dossiers.list(v, blankToNull(status), null, Math.max(0, page), 25)
                .map(p -> Rendering.view("architect/list").modelAttribute("page", p).modelAttribute("status", status == null ? "" : status)
                        .modelAttribute("statuses", ma.rokhsa.api.dossier.DossierStatus.values()).build());
    }

    @GetMapping("/dossiers/new")
    Mono<Rendering> newForm(Viewer v) {
        requireArchitect(v);
        return form(Map.of(), Map.of(), HttpStatus.OK);
    }

    @PostMapping("/dossiers")
    Mono<Rendering> create(Viewer v, ServerWebExchange exchange) {
        requireArchitect(v);
        return exchange.getFormData().flatMap(f -> {
            Map<String, String> values = values(f, "type", "communeCode", "title", "applicantName", "applicantId",
                    "applicantAddress", "applicantPhone", "applicantEmail");
            Map<String, String> errors = new LinkedHashMap<>();
            if (values.get("type").isEmpty() || catalog.type(values.get("type")).isEmpty()) {
                errors.put("type", "newDossier.typeMissing");
            }
            if (values.get("communeCode").isEmpty()) {
                errors.put("communeCode", "newDossier.communeMissing");
            }
            if (values.get("title").isEmpty()) {
                errors.put("title", "newDossier.titleMissing");
            } else if (values.get("title").length() > 300) {
                errors.put("title", "newDossier.titleTooLong");
            }
            if (values.get("applicantName").isEmpty()) {
                errors.put("applicantName", "newDossier.applicantMissing");
            }
            if (!values.get("applicantEmail").isEmpty() && !values.get("applicantEmail").matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                errors.put("applicantEmail", "newDossier.emailInvalid");
            }
            if (!errors.isEmpty()) {
                return form(values, errors, HttpStatus.BAD_REQUEST);
            }
            Applicant applicant = new Applicant(values.get("applicantName"), nullIfBlank(values.get("applicantId")),
                    nullIfBlank(values.get("applicantAddress")), nullIfBlank(values.get("applicantPhone")),
                    nullIfBlank(values.get("applicantEmail")));
            return dossiers.create(v, new DossierService.NewDossier(values.get("type"), values.get("communeCode"),
                            values.get("title"), applicant))
                    .map(d -> Rendering.redirectTo("/dossiers/" + d.id() + "?done=created").build())
                    .onErrorResume(ApiProblem.class, e -> e.code().equals("UNKNOWN_COMMUNE")
                            ? form(values, Map.of("communeCode", "newDossier.communeMissing"), HttpStatus.BAD_REQUEST)
                            : Mono.error(e));
        });
    }

    private Mono<Rendering> form(Map<String, String> values, Map<String, String> errors, HttpStatus status) {
        return reference.communes().map(communes -> Rendering.view("architect/new").status(status)
                .modelAttribute("values", values).modelAttribute("errors", errors)
                .modelAttribute("types", catalog.types().keySet().stream().sorted().toList())
                .modelAttribute("communes", communes).build());
    }

    /** Problems an upload can meet, as the uploader shows them (in the page's language, with the file's name for {0}). */
    private static final List<String> UPLOAD_PROBLEMS = List.of("EMPTY_FILE", "FILE_TOO_LARGE", "TYPE_NOT_ACCEPTED",
            "CONTENT_MISMATCH", "EXECUTABLE_REFUSED", "ARCHIVE_REFUSED", "CORRUPT_PDF", "ENCRYPTED_PDF", "PDF_JAVASCRIPT",
            "PDF_EMBEDDED_FILES", "TOO_MANY_PAGES", "TOO_FEW_PAGES", "SHEET_SIZE_NOT_ACCEPTED", "DOSSIER_LOCKED", "NOT_EDITABLE",
            "KIND_NOT_IN_CHECKLIST", "KIND_MISSING", "FILE_MISSING", "ONE_FILE_PER_UPLOAD", "ROLE_NOT_ALLOWED", "REQUEST_ABORTED",
            "WRONG_STATE", "NOT_FOUND");
    private static final List<String> UPLOADER_TEXT = List.of("drop", "choose", "sending", "received", "failed", "retry",
            "duplicate", "network");

    @GetMapping("/dossiers/{id}")
    Mono<Rendering> page(Viewer v, @PathVariable UUID id, @RequestParam(required = false) String done,
                         @RequestParam(required = false) String problem, ServerWebExchange exchange) {
        java.util.Locale locale = exchange.getLocaleContext().getLocale();
        return model.build(v, id).map(m -> Rendering.view("dossier/page").model(m)
                .modelAttribute("done", done == null ? "" : done)
                .modelAttribute("problem", problem == null ? "" : problem)
                .modelAttribute("maxUpload", props.upload().maxFileSize().toBytes())
                .modelAttribute("uploaderText", messages.json(locale, "upload.", UPLOADER_TEXT))
                .modelAttribute("problemText", messages.json(locale, "problem.", UPLOAD_PROBLEMS)).build());
    }

    /** The upload form without JavaScript (one file at a time); the uploader posts to the API instead. */
    @PostMapping(path = "/dossiers/{id}/documents", consumes = "multipart/form-data")
    Mono<Rendering> upload(Viewer v, @PathVariable UUID id, @RequestBody Flux<PartEvent> parts,
                           @RequestHeader(value = HttpHeaders.CONTENT_LENGTH, required = false) Long length) {
        return documents.upload(v, id, parts, length == null ? -1 : length)
                .map(u -> Rendering.redirectTo("/dossiers/" + id + "?done=" + (u.created() ? "uploaded" : "duplicate") + "#documents").build())
                .onErrorResume(ApiProblem.class, e -> e.getStatusCode().value() == 404 ? Mono.error(e)
                        : Mono.just(Rendering.redirectTo("/dossiers/" + id + "?problem=" + e.code() + "#upload").build()));
    }

    @PostMapping("/dossiers/{id}/submit")
    Mono<Rendering> submit(Viewer v, @PathVariable UUID id) {
        return dossiers.submit(v, id).map(x -> Rendering.redirectTo("/dossiers/" + id + "?done=submitted").build())
                .onErrorResume(ApiProblem.class, e -> e.getStatusCode().value() == 404 ? Mono.error(e)
                        : Mono.just(Rendering.redirectTo("/dossiers/" + id + "?problem=" + e.code()).build()));
    }

    @PostMapping("/dossiers/{id}/pay")
    Mono<Rendering> pay(Viewer v, @PathVariable UUID id) {
        return payments.start(v, id).map(s -> Rendering.redirectTo(s.redirectUrl().toString()).build())
                .onErrorResume(ApiProblem.class, e -> e.getStatusCode().value() == 404 ? Mono.error(e)
                        : Mono.just(Rendering.redirectTo("/dossiers/" + id + "?problem=" + e.code()).build()));
    }

    @GetMapping("/dossiers/{id}/figures")
    Mono<Rendering> figuresForm(Viewer v, @PathVariable UUID id) {
        return dossiers.visible(v, id).flatMap(d -> fees.figures(d.id()).map(f -> {
            Map<String, String> values = new LinkedHashMap<>();
            f.coveredArea().forEach((use, area) -> values.put("area." + use.name(), area.toPlainString()));
            values.put("worksCost", f.worksCost() == null ? "" : f.worksCost().toPlainString());
            values.put("lots", f.lots() == null ? "" : f.lots().toString());
            return figuresPage(d, values, Map.of(), HttpStatus.OK);
        }));
    }

    @PostMapping("/dossiers/{id}/figures")
    Mono<Rendering> figures(Viewer v, @PathVariable UUID id, ServerWebExchange exchange) {
        return dossiers.visible(v, id).flatMap(d -> exchange.getFormData().flatMap(f -> {
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> errors = new LinkedHashMap<>();
            Map<String, BigDecimal> areas = new LinkedHashMap<>();
            for (CoveredUse use : CoveredUse.values()) {
                String raw = trim(f.getFirst("area." + use.name()));
                values.put("area." + use.name(), raw);
                BigDecimal n = number(raw, "area." + use.name(), errors);
                if (n != null && n.signum() > 0) {
                    areas.put(use.name(), n);
                }
            }
            String cost = trim(f.getFirst("worksCost"));
            String lots = trim(f.getFirst("lots"));
            values.put("worksCost", cost);
            values.put("lots", lots);
            BigDecimal works = number(cost, "worksCost", errors);
            BigDecimal lotCount = number(lots, "lots", errors);
            if (lotCount != null && (lotCount.scale() > 0 && lotCount.stripTrailingZeros().scale() > 0)) {
                errors.put("lots", "figures.wholeNumber");
            }
            if (!errors.isEmpty()) {
                return Mono.just(figuresPage(d, values, errors, HttpStatus.BAD_REQUEST));
            }
            return fees.declare(v, d.id(), new FeeService.FiguresRequest(areas.isEmpty() ? null : areas, works,
                            lotCount == null ? null : lotCount.intValue()))
                    .map(x -> Rendering.redirectTo("/dossiers/" + id + "?done=figures").build())
                    .onErrorResume(ApiProblem.class, e -> e.getStatusCode().value() == 404 ? Mono.error(e)
                            : Mono.just(figuresPage(d, values, Map.of("_form", "problem." + e.code()), HttpStatus.valueOf(e.getStatusCode().value()))));
        }));
    }

    private Rendering figuresPage(ma.rokhsa.api.dossier.DossierRecord d, Map<String, String> values, Map<String, String> errors,
                                  HttpStatus status) {
        List<String> uses = new ArrayList<>();
        for (CoveredUse use : CoveredUse.values()) {
            uses.add(use.name());
        }
        return Rendering.view("architect/figures").status(status).modelAttribute("record", d).modelAttribute("uses", uses)
                .modelAttribute("values", values).modelAttribute("errors", errors).build();
    }

    private static BigDecimal number(String raw, String field, Map<String, String> errors) {
        if (raw.isEmpty()) {
            return null;
        }
        try {
            BigDecimal n = new BigDecimal(raw.replace(" ", "").replace('\u00a0', ' ').replace(" ", "").replace(',', '.'));
            if (n.signum() < 0) {
                errors.put(field, "figures.negative");
                return null;
            }
            return n;
        } catch (NumberFormatException e) {
            errors.put(field, "figures.notANumber");
            return null;
        }
    }

    private static void requireArchitect(Viewer v) {
        if (!v.is(Role.ARCHITECT)) {
            throw ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only architects file dossiers.");
        }
    }

    private static Map<String, String> values(MultiValueMap<String, String> form, String... names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, trim(form.getFirst(n)));
        }
        return m;
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }

    private static String nullIfBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
