package ma.rokhsa.api.dossier;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ma.rokhsa.api.events.EventLog;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The facts that dossiers and documents publish on their streams, in one place so every writer
 * produces the same shapes. Each call appends to the event log inside the caller's transaction.
 */
@Component
public class DossierEvents {

    public static final String DOCUMENT_STATUS = "document.status";
    public static final String DOSSIER_STATUS = "dossier.status";

    private final EventLog log;
    private final ma.rokhsa.api.pipeline.TaskQueue queue;
    /** The application's clock: an event's {@code at} is the same "now" as the deadlines and the ranking use. */
    private final java.time.Clock clock;

    public DossierEvents(EventLog log, ma.rokhsa.api.pipeline.TaskQueue queue, java.time.Clock clock) {
        this.log = log;
        this.queue = queue;
        this.clock = clock;
    }

    public Mono<Void> documentStatus(DossierRecord d, DocumentRecord doc, DocumentStatus status, List<Problem> problems) {
        return documentSteps(d, doc, List.of(new Step(status, problems)));
    }

    /** One status a document went through, with the problems found on the way to it. */
    public record Step(DocumentStatus status, List<Problem> problems) {
    }

    /** The statuses a document went through in one transaction, as events in order, in one statement. */
    public Mono<Void> documentSteps(DossierRecord d, DocumentRecord doc, List<Step> steps) {
        String at = clock.instant().toString();
        List<Map<String, Object>> data = steps.stream().map(step -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", at);
            m.put("dossierId", d.id());
            m.put("reference", d.reference());
            m.put("documentId", doc.id());
            m.put("fileName", doc.fileName());
            m.put("kind", doc.kind());
            if (doc.size() > 0) {
                m.put("size", doc.size());
            }
            m.put("status", step.status().name());
            m.put("problems", step.problems());
            return m;
        }).toList();
        return log.append(d.id(), d.communeCode(), d.status() != DossierStatus.DRAFT, DOCUMENT_STATUS, data).then();
    }

    public Mono<Long> dossierStatus(DossierRecord d, DossierStatus from, DossierStatus to, Map<String, ?> extra) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("at", clock.instant().toString());
        data.put("dossierId", d.id());
        data.put("reference", d.reference());
        data.put("communeCode", d.communeCode());
        data.put("previousStatus", from == null ? null : from.name());
        data.put("status", to.name());
        data.putAll(extra);
        // The dossier's fields live in the search index next to each of its documents: re-index them
        // (durably, through the pipeline) in the same transaction as the change.
        return log.append(d.id(), d.communeCode(), to != DossierStatus.DRAFT, DOSSIER_STATUS, data)
                .flatMap(id -> queue.enqueueDossier(d.id(), "index", java.util.List.of("VALID", "INDEXED")).thenReturn(id));
    }

    /** Any other fact about a dossier (an opinion, a payment, a deadline alert...). */
    public Mono<Long> fact(DossierRecord d, String type, Map<String, ?> extra) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("at", clock.instant().toString());
        data.put("dossierId", d.id());
        data.put("reference", d.reference());
        data.putAll(extra);
        return log.append(d.id(), d.communeCode(), d.status() != DossierStatus.DRAFT, type, data);
    }
}
