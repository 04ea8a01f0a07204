package ma.rokhsa.api.ui;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.decision.DecisionService;
import ma.rokhsa.api.deadline.LegalClock;
import ma.rokhsa.api.deadline.LegalTime;
import ma.rokhsa.api.dossier.DossierService;
import ma.rokhsa.api.dossier.Views;
import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.api.review.OpinionService;
import ma.rokhsa.api.review.ReviewService;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.signing.SigningKeyService;
import ma.rokhsa.api.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The officials' desks: the one-stop shop's queue (legal days left, coloured by urgency), acceptance and
 * return with reasons, the decision draft; the commission member's opinions; the president's decisions to
 * sign, with PIN entry and the first-use PIN change.
 */
@Controller
class DeskPages {

    private final DossierService dossiers;
    private final ReviewService review;
    private final OpinionService opinions;
    private final DecisionService decisions;
    private final SigningKeyService keys;
    private final LegalTime legalTime;
    private final Catalog catalog;
    private final Clock clock;

    DeskPages(DossierService dossiers, ReviewService review, OpinionService opinions, DecisionService decisions,
              SigningKeyService keys, LegalTime legalTime, Catalog catalog, Clock clock) {
        this.dossiers = dossiers;
        this.review = review;
        this.opinions = opinions;
        this.decisions = decisions;
        this.keys = keys;
        this.legalTime = legalTime;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** A dossier of a desk's list with its legal deadline. */
    record QueueRow(Views.DossierSummary d, LegalClock.Reading deadline) {
    }

    // ------------------------------------------------------------------ one-stop shop

    @GetMapping("/queue")
    Mono<Rendering> queue(Viewer v, @RequestParam(required = false) String status, @RequestParam(required = false) String type,
                          @RequestParam(defaultValue = "0") int page) {
        if (!(v.is(Role.REVIEWER) || v.is(Role.SIGNATORY) || v.is(Role.ADMIN))) {
            return Mono.just(Rendering.redirectTo(PageAdvice.home(v)).build());
        }
        String st = blank(status) ? null : status;
        return dossiers.list(v, st, null, blank(type) ? null : type, Math.max(0, page), 25)
                .flatMap(p -> withDeadlines(p.items())
                        .map(rows -> Rendering.view("review/queue").modelAttribute("page", p).modelAttribute("rows", rows)
                                .modelAttribute("status", st == null ? "" : st).modelAttribute("type", blank(type) ? "" : type)
                                .modelAttribute("statuses", ma.rokhsa.api.dossier.DossierStatus.values())
                                .modelAttribute("types", catalog.types().keySet().stream().sorted().toList()).build()));
    }

    /** The rows of a desk's list, every submitted dossier with its decision deadline (one query for the page). */
    Mono<List<QueueRow>> withDeadlines(List<Views.DossierSummary> items) {
        Map<UUID, Boolean> large = new HashMap<>();
        items.stream().filter(d -> d.submittedAt() != null).forEach(d -> large.put(d.id(),
                catalog.type(d.type()).map(Catalog.DossierType::largeProject).orElse(false)));
        return legalTime.decisionDeadlines(large, clock.instant()).map(deadlines -> items.stream()
                .map(d -> new QueueRow(d, deadlines.get(d.id()))).toList());
    }

    @PostMapping("/dossiers/{id}/accept")
    Mono<Rendering> accept(Viewer v, @PathVariable UUID id) {
        return review.accept(v, id).thenReturn(done(id, "accepted")).onErrorResume(ApiProblem.class, e -> refused(id, e));
    }

    @GetMapping("/dossiers/{id}/return")
    Mono<Rendering> returnForm(Viewer v, @PathVariable UUID id) {
        return dossiers.visible(v, id).map(d -> Rendering.view("review/return").modelAttribute("record", d)
                .modelAttribute("reasons", "").modelAttribute("error", "").build());
    }

    @PostMapping("/dossiers/{id}/return")
    Mono<Rendering> returnDossier(Viewer v, @PathVariable UUID id, ServerWebExchange exchange) {
        return dossiers.visible(v, id).flatMap(d -> exchange.getFormData().flatMap(f -> {
            String text = value(f, "reasons");
            List<String> reasons = lines(text);
            if (reasons.isEmpty()) {
                return Mono.just(Rendering.view("review/return").status(HttpStatus.BAD_REQUEST).modelAttribute("record", d)
                        .modelAttribute("reasons", text).modelAttribute("error", "return.reasonsMissing").build());
            }
            return review.returnToArchitect(v, id, reasons).thenReturn(done(id, "returned"))
                    .onErrorResume(ApiProblem.class, e -> refused(id, e));
        }));
    }

    @GetMapping("/dossiers/{id}/decision")
    Mono<Rendering> decisionForm(Viewer v, @PathVariable UUID id) {
        return dossiers.visible(v, id).flatMap(d -> opinions.summary(d).map(s -> OpinionService.bindingUnfavourable(s))
                .onErrorReturn(false)
                .map(binding -> Rendering.view("review/decision").modelAttribute("record", d)
                        .modelAttribute("binding", binding)
                        .modelAttribute("values", Map.of("outcome", binding ? "REFUSAL" : "PERMIT"))
                        .modelAttribute("errors", Map.of()).build()));
    }

    @PostMapping("/dossiers/{id}/decision")
    Mono<Rendering> draft(Viewer v, @PathVariable UUID id, ServerWebExchange exchange) {
        return dossiers.visible(v, id).flatMap(d -> exchange.getFormData().flatMap(f -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (String k : List.of("outcome", "reasonsFr", "reasonsAr", "site")) {
                values.put(k, value(f, k));
            }
            Map<String, String> errors = new LinkedHashMap<>();
            DecisionService.Outcome outcome = null;
            try {
                outcome = DecisionService.Outcome.valueOf(values.get("outcome"));
            } catch (IllegalArgumentException e) {
                errors.put("outcome", "decision.outcomeMissing");
            }
            List<String> fr = lines(values.get("reasonsFr"));
            List<String> ar = lines(values.get("reasonsAr"));
            if (outcome == DecisionService.Outcome.REFUSAL && fr.isEmpty() && ar.isEmpty()) {
                errors.put("reasonsFr", "decision.reasonsMissing");
            }
            if (!errors.isEmpty()) {
                return Mono.just(Rendering.view("review/decision").status(HttpStatus.BAD_REQUEST).modelAttribute("record", d)
                        .modelAttribute("binding", false).modelAttribute("values", values).modelAttribute("errors", errors).build());
            }
            List<ma.rokhsa.signer.render.Bilingual> reasons = new ArrayList<>();
            for (int i = 0; i < Math.max(fr.size(), ar.size()); i++) {
                reasons.add(ma.rokhsa.signer.render.Bilingual.of(i < fr.size() ? fr.get(i) : null, i < ar.size() ? ar.get(i) : null));
            }
            return decisions.draft(v, id, outcome, reasons, blank(values.get("site")) ? null : values.get("site"))
                    .thenReturn(done(id, "drafted"))
                    .onErrorResume(ApiProblem.class, e -> e.getStatusCode().value() == 404 ? Mono.error(e)
                            : Mono.just(Rendering.view("review/decision").status(e.getStatusCode()).modelAttribute("record", d)
                            .modelAttribute("binding", "BINDING_UNFAVOURABLE_OPINION".equals(e.code()))
                            .modelAttribute("values", values).modelAttribute("errors", Map.of("_form", "problem." + e.code())).build()));
        }));
    }

    // ------------------------------------------------------------------ commission

    @GetMapping("/opinions")
    Mono<Rendering> opinionsDesk(Viewer v, @RequestParam(defaultValue = "0") int page) {
        if (!v.is(Role.COMMISSION_MEMBER)) {
            return Mono.just(Rendering.redirectTo(PageAdvice.home(v)).build());
        }
        return dossiers.list(v, "IN_REVIEW", null, Math.max(0, page), 25).flatMap(p -> Flux.fromIterable(p.items())
                .concatMap(d -> opinions.summary(v, d.id()).map(s -> new OpinionRow(d, s.opinions().stream()
                        .filter(o -> o.organisation().equals(v.organisationCode())).findFirst().orElse(null))))
                .collectList()
                .map(rows -> Rendering.view("review/opinions").modelAttribute("page", p).modelAttribute("rows", rows).build()));
    }

    /** A dossier sent to my organisation, with my organisation's opinion (or null while it is due). */
    record OpinionRow(Views.DossierSummary d, OpinionService.OpinionView mine) {
    }

    @GetMapping("/dossiers/{id}/opinion")
    Mono<Rendering> opinionForm(Viewer v, @PathVariable UUID id) {
        return dossiers.visible(v, id).map(d -> Rendering.view("review/opinion").modelAttribute("record", d)
                .modelAttribute("values", Map.of()).modelAttribute("errors", Map.of()).build());
    }

    @PostMapping("/dossiers/{id}/opinion")
    Mono<Rendering> giveOpinion(Viewer v, @PathVariable UUID id, ServerWebExchange exchange) {
        return dossiers.visible(v, id).flatMap(d -> exchange.getFormData().flatMap(f -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (String k : List.of("opinion", "reasons", "conditions")) {
                values.put(k, value(f, k));
            }
            Map<String, String> errors = new LinkedHashMap<>();
            OpinionService.Opinion opinion = null;
            try {
                opinion = OpinionService.Opinion.valueOf(values.get("opinion"));
            } catch (IllegalArgumentException e) {
                errors.put("opinion", "opinionForm.opinionMissing");
            }
            if (opinion == OpinionService.Opinion.FAVOURABLE_WITH_CONDITIONS && blank(values.get("conditions"))) {
                errors.put("conditions", "opinionForm.conditionsMissing");
            }
            if (opinion == OpinionService.Opinion.UNFAVOURABLE && lines(values.get("reasons")).isEmpty()) {
                errors.put("reasons", "opinionForm.reasonsMissing");
            }
            if (!errors.isEmpty()) {
                return Mono.just(Rendering.view("review/opinion").status(HttpStatus.BAD_REQUEST).modelAttribute("record", d)
                        .modelAttribute("values", values).modelAttribute("errors", errors).build());
            }
            String pin = value(f, "pin");
            return opinions.give(v, id, opinion, lines(values.get("reasons")), blank(values.get("conditions")) ? null : values.get("conditions"),
                            blank(pin) ? null : pin.toCharArray())
                    .thenReturn(done(id, "opinion"))
                    .onErrorResume(ApiProblem.class, e -> e.getStatusCode().value() == 404 ? Mono.error(e)
                            : Mono.just(Rendering.view("review/opinion").status(e.getStatusCode()).modelAttribute("record", d)
                            .modelAttribute("values", values).modelAttribute("errors", Map.of("_form", "problem." + e.code())).build()));
        }));
    }

    // ------------------------------------------------------------------ president

    @GetMapping("/sign")
    Mono<Rendering> signDesk(Viewer v) {
        if (!v.is(Role.SIGNATORY)) {
            return Mono.just(Rendering.redirectTo(PageAdvice.home(v)).build());
        }
        return Mono.zip(dossiers.list(v, "FEES_PAID", null, 0, 100), dossiers.list(v, "DECISION_DRAFTED", null, 0, 100),
                        keys.list(v).collectList())
                .flatMap(t -> Flux.concat(Flux.fromIterable(t.getT1().items()), Flux.fromIterable(t.getT2().items()))
                        .concatMap(d -> decisions.get(v, d.id()).map(dec -> new SignRow(d, dec)).onErrorResume(ApiProblem.class, e -> Mono.empty()))
                        .filter(r -> r.decision().signedAt() == null && ("FEES_PAID".equals(r.d().status()) || "REFUSAL".equals(r.decision().outcome())))
                        .collectList()
                        .map(rows -> Rendering.view("sign/desk").modelAttribute("rows", rows)
                                .modelAttribute("key", t.getT3().isEmpty() ? null : t.getT3().get(0)).build()));
    }

    /** A decision waiting for the president's signature. */
    record SignRow(Views.DossierSummary d, DecisionService.DecisionView decision) {
    }

    @GetMapping("/dossiers/{id}/sign")
    Mono<Rendering> signForm(Viewer v, @PathVariable UUID id) {
        return signPage(v, id, "", HttpStatus.OK);
    }

    private Mono<Rendering> signPage(Viewer v, UUID id, String error, HttpStatus status) {
        return dossiers.visible(v, id).flatMap(d -> Mono.zip(decisions.get(v, id), keys.list(v).collectList())
                .map(t -> Rendering.view("sign/sign").status(status).modelAttribute("record", d).modelAttribute("decision", t.getT1())
                        .modelAttribute("key", t.getT2().isEmpty() ? null : t.getT2().get(0)).modelAttribute("error", error).build()));
    }

    @PostMapping("/dossiers/{id}/sign")
    Mono<Rendering> sign(Viewer v, @PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(f -> {
            String pin = value(f, "pin");
            if (pin.isEmpty()) {
                return signPage(v, id, "sign.pinMissing", HttpStatus.BAD_REQUEST);
            }
            return decisions.sign(v, id, pin.toCharArray()).thenReturn(done(id, "signed"))
                    .onErrorResume(ApiProblem.class, e -> e.getStatusCode().value() == 404 ? Mono.error(e)
                            : signPage(v, id, "problem." + e.code(), HttpStatus.valueOf(e.getStatusCode().value())));
        });
    }

    /** The PIN change (first use of a key, or whenever its holder wants). */
    @GetMapping("/keys/{keyId}/pin")
    Mono<Rendering> pinForm(Viewer v, @PathVariable UUID keyId, @RequestParam(required = false) String next) {
        return keys.get(v, keyId).map(k -> pinPage(k, Map.of(), next, HttpStatus.OK));
    }

    @PostMapping("/keys/{keyId}/pin")
    Mono<Rendering> changePin(Viewer v, @PathVariable UUID keyId, ServerWebExchange exchange) {
        return keys.get(v, keyId).flatMap(k -> exchange.getFormData().flatMap(f -> {
            String old = value(f, "oldPin");
            String pin = value(f, "newPin");
            String again = value(f, "newPinAgain");
            String next = value(f, "next");
            Map<String, String> errors = new LinkedHashMap<>();
            if (old.isEmpty()) {
                errors.put("oldPin", "pin.oldMissing");
            }
            if (!pin.matches("\\d{6,8}")) {
                errors.put("newPin", "pin.format");
            } else if (!pin.equals(again)) {
                errors.put("newPinAgain", "pin.mismatch");
            }
            if (!errors.isEmpty()) {
                return Mono.just(pinPage(k, errors, next, HttpStatus.BAD_REQUEST));
            }
            return keys.changePin(v, keyId, old.toCharArray(), pin.toCharArray())
                    .map(x -> Rendering.redirectTo(SignInPage.safeNext(next, "/sign") + (next != null && next.contains("?") ? "&" : "?") + "done=pin").build())
                    .onErrorResume(ApiProblem.class, e -> e.getStatusCode().value() == 404 ? Mono.error(e)
                            : Mono.just(pinPage(k, Map.of("WRONG_PIN".equals(e.code()) ? "oldPin" : "newPin", "problem." + e.code()), next,
                            HttpStatus.valueOf(e.getStatusCode().value()))));
        }));
    }

    private static Rendering pinPage(SigningKeyService.KeyView k, Map<String, String> errors, String next, HttpStatus status) {
        return Rendering.view("sign/pin").status(status).modelAttribute("key", k).modelAttribute("errors", errors)
                .modelAttribute("next", next == null ? "" : next).build();
    }

    // ------------------------------------------------------------------ helpers

    private static Rendering done(UUID id, String what) {
        return Rendering.redirectTo("/dossiers/" + id + "?done=" + what).build();
    }

    private static Mono<Rendering> refused(UUID id, ApiProblem e) {
        return e.getStatusCode().value() == 404 ? Mono.error(e)
                : Mono.just(Rendering.redirectTo("/dossiers/" + id + "?problem=" + e.code()).build());
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (!l.isEmpty()) {
                out.add(l.length() > 2000 ? l.substring(0, 2000) : l);
            }
        }
        return out.size() > 20 ? out.subList(0, 20) : out;
    }

    private static String value(MultiValueMap<String, String> f, String k) {
        String s = f.getFirst(k);
        return s == null ? "" : s.strip();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
