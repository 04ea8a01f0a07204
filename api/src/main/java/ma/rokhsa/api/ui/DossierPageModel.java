package ma.rokhsa.api.ui;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import ma.rokhsa.api.decision.DecisionService;
import ma.rokhsa.api.deadline.LegalClock;
import ma.rokhsa.api.deadline.LegalTime;
import ma.rokhsa.api.dossier.DossierRecord;
import ma.rokhsa.api.dossier.DossierService;
import ma.rokhsa.api.dossier.DossierStatus;
import ma.rokhsa.api.dossier.Views;
import ma.rokhsa.api.events.EventLog;
import ma.rokhsa.api.events.StoredEvent;
import ma.rokhsa.api.fees.FeeService;
import ma.rokhsa.api.fees.Fees;
import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.api.review.OpinionService;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.signing.IssuedDocuments;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything the dossier page shows, for one viewer: the dossier and its documents, the checklist, the
 * history (from the event log), opinions, fees, the decision, issued documents, the legal deadline, and
 * the actions this viewer may take now. The services enforce every rule again when an action is posted:
 * the actions listed here only decide which buttons are shown.
 */
@Component
class DossierPageModel {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    /** One line of the dossier's history. */
    record HistoryItem(long id, String type, String at, String status, String previousStatus, Map<String, Object> data) {
    }

    private final DossierService dossiers;
    private final EventLog events;
    private final OpinionService opinions;
    private final FeeService fees;
    private final DecisionService decisions;
    private final IssuedDocuments issued;
    private final LegalTime legalTime;
    private final Catalog catalog;
    private final JsonMapper json;
    private final Clock clock;

    DossierPageModel(DossierService dossiers, EventLog events, OpinionService opinions, FeeService fees,
                     DecisionService decisions, IssuedDocuments issued, LegalTime legalTime, Catalog catalog,
                     JsonMapper json, Clock clock) {
        this.dossiers = dossiers;
        this.events = events;
        this.opinions = opinions;
        this.fees = fees;
        this.decisions = decisions;
        this.issued = issued;
        this.legalTime = legalTime;
        this.catalog = catalog;
        this.json = json;
        this.clock = clock;
    }

    Mono<Map<String, Object>> build(Viewer v, UUID id) {
        return dossiers.visible(v, id).flatMap(d -> build(v, d));
    }

    Mono<Map<String, Object>> build(Viewer v, DossierRecord d) {
        DossierStatus s = d.status();
        boolean reviewed = s.ordinal() >= DossierStatus.IN_REVIEW.ordinal() && s != DossierStatus.RETURNED;
        Mono<Views.DossierView> view = dossiers.view(d);
        Mono<Views.ChecklistView> checklist = dossiers.checklist(d);
        Mono<List<HistoryItem>> history = events.dossierAfter(d.id(), 0)
                .filter(e -> e.visibleTo(v))
                .map(this::item).collectList();
        Mono<Optional<OpinionService.Summary>> opinionSummary = reviewed
                ? opinions.summary(d).map(Optional::of).onErrorResume(e -> Mono.just(Optional.empty()))
                : Mono.just(Optional.empty());
        Mono<Optional<Fees>> feeCalc = fees.fees(d).map(Optional::of).onErrorResume(e -> Mono.just(Optional.empty()))
                .defaultIfEmpty(Optional.empty());
        Mono<Optional<DecisionService.DecisionView>> decision = s.ordinal() >= DossierStatus.DECISION_DRAFTED.ordinal()
                ? decisions.get(v, d.id()).map(Optional::of).onErrorResume(e -> Mono.just(Optional.empty()))
                : Mono.just(Optional.empty());
        Mono<List<IssuedDocuments.Issued>> issuedDocs = issued.ofDossier(d.id())
                .filter(i -> !i.kind().equals("DECISION_PREVIEW")).collectList();
        boolean large = catalog.type(d.type()).map(Catalog.DossierType::largeProject).orElse(false);
        Mono<Optional<LegalClock.Reading>> deadline = d.submittedAt() == null ? Mono.just(Optional.empty())
                : legalTime.decisionDeadline(d.id(), large, clock.instant()).map(Optional::of);
        return Mono.zip(objects -> objects, view, checklist, history, opinionSummary, feeCalc, decision, issuedDocs, deadline)
                .map(o -> {
                    @SuppressWarnings("unchecked")
                    List<HistoryItem> h = (List<HistoryItem>) o[2];
                    @SuppressWarnings("unchecked")
                    Optional<OpinionService.Summary> op = (Optional<OpinionService.Summary>) o[3];
                    @SuppressWarnings("unchecked")
                    Optional<DecisionService.DecisionView> dec = (Optional<DecisionService.DecisionView>) o[5];
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("d", o[0]);
                    m.put("record", d);
                    m.put("checklist", o[1]);
                    List<HistoryItem> newestFirst = new ArrayList<>(h);
                    java.util.Collections.reverse(newestFirst);
                    m.put("history", newestFirst);
                    m.put("lastEventId", h.isEmpty() ? 0L : h.get(h.size() - 1).id());
                    m.put("returnReasons", returnReasons(h, s));
                    m.put("opinions", op.orElse(null));
                    m.put("fees", ((Optional<?>) o[4]).orElse(null));
                    m.put("decision", dec.orElse(null));
                    m.put("issued", o[6]);
                    m.put("deadline", ((Optional<?>) o[7]).orElse(null));
                    m.put("large", large);
                    m.put("actions", actions(v, d, (Views.ChecklistView) o[1], op.orElse(null), dec.orElse(null)));
                    m.put("docs", DocRow.of(((Views.DossierView) o[0]).documents()));
                    return m;
                });
    }

    private HistoryItem item(StoredEvent e) {
        Map<String, Object> data = json.readValue(e.json(), MAP);
        return new HistoryItem(e.id(), e.type(), (String) data.get("at"), (String) data.get("status"),
                (String) data.get("previousStatus"), data);
    }

    /** The reasons of the latest return, while the dossier is returned. */
    @SuppressWarnings("unchecked")
    private static List<String> returnReasons(List<HistoryItem> history, DossierStatus s) {
        if (s != DossierStatus.RETURNED) {
            return List.of();
        }
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryItem h = history.get(i);
            if ("dossier.status".equals(h.type()) && "RETURNED".equals(h.status()) && h.data().get("reasons") instanceof List<?> l) {
                return (List<String>) l;
            }
        }
        return List.of();
    }

    /** What this viewer may do on this dossier now (the buttons shown). */
    static Set<String> actions(Viewer v, DossierRecord d, Views.ChecklistView checklist, OpinionService.Summary opinions,
                               DecisionService.DecisionView decision) {
        Set<String> a = new LinkedHashSet<>();
        DossierStatus s = d.status();
        switch (v.role()) {
            case ARCHITECT -> {
                if (d.architectId().equals(v.id())) {
                    if (s == DossierStatus.DRAFT || s == DossierStatus.RETURNED) {
                        a.add("upload");
                        a.add("figures");
                        a.add(checklist.complete() ? "submit" : "incomplete");
                    }
                    if (s == DossierStatus.FEES_DUE) {
                        a.add("pay");
                    }
                }
            }
            case REVIEWER -> {
                if (s == DossierStatus.SUBMITTED) {
                    a.add("accept");
                    a.add("return");
                }
                if (s == DossierStatus.IN_REVIEW || s == DossierStatus.DECISION_DRAFTED || s == DossierStatus.FEES_DUE
                        || s == DossierStatus.FEES_PAID) {
                    a.add("decide");
                }
            }
            case SIGNATORY -> {
                if (s == DossierStatus.IN_REVIEW || s == DossierStatus.DECISION_DRAFTED) {
                    a.add("decide");
                }
                boolean refusal = decision != null && "REFUSAL".equals(decision.outcome());
                if (decision != null && decision.signedAt() == null
                        && (s == DossierStatus.FEES_PAID || refusal && s == DossierStatus.DECISION_DRAFTED)) {
                    a.add("sign");
                }
            }
            case COMMISSION_MEMBER -> {
                if (s == DossierStatus.IN_REVIEW && opinions != null && opinions.opinions().stream()
                        .anyMatch(o -> o.organisation().equals(v.organisationCode()) && o.opinion() == null)) {
                    a.add("opinion");
                }
            }
            default -> { }
        }
        return a;
    }

    /** A document line, as the page and the live updates both render it. */
    record DocRow(UUID id, String fileName, String kind, String status, long size, List<Map<String, Object>> problems,
                  boolean pdf, boolean hasText) {

        static List<DocRow> of(List<Views.DocumentView> docs) {
            List<DocRow> rows = new ArrayList<>();
            for (Views.DocumentView doc : docs) {
                List<Map<String, Object>> problems = doc.problems().stream().map(p -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("code", p.code());
                    m.put("message", p.message());
                    m.put("severity", p.severity());
                    return m;
                }).toList();
                boolean pdf = "application/pdf".equals(doc.detectedType());
                boolean text = doc.metadata() != null && doc.metadata().path("textLength").asInt(0) > 0;
                rows.add(new DocRow(doc.id(), doc.fileName(), doc.kind(), doc.status(), doc.size(), problems, pdf, text));
            }
            return rows;
        }
    }
}
