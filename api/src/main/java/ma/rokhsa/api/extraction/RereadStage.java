package ma.rokhsa.api.extraction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.r2dbc.postgresql.codec.Json;
import ma.rokhsa.api.config.RokhsaProperties;
import ma.rokhsa.api.dossier.DocumentRecord;
import ma.rokhsa.api.dossier.DossierEvents;
import ma.rokhsa.api.dossier.DossierRecord;
import ma.rokhsa.api.dossier.Problem;
import ma.rokhsa.api.dossier.R2dbcDossierStore;
import ma.rokhsa.api.pipeline.OutageException;
import ma.rokhsa.api.pipeline.StageContext;
import ma.rokhsa.api.pipeline.StageHandler;
import ma.rokhsa.api.pipeline.TaskQueue;
import ma.rokhsa.api.upload.BlobStore;
import ma.rokhsa.ingest.DocumentValidator;
import ma.rokhsa.ingest.Extraction;
import ma.rokhsa.ingest.KindRule;
import ma.rokhsa.ingest.ProblemCode;
import ma.rokhsa.ingest.TikaExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Catch-up OCR: reads again, with OCR, the accepted documents (VALID, INDEXED) whose scanned pages were left
 * unread because OCR was not available where they were extracted (their problems carry
 * {@code OCR_UNAVAILABLE}). The document keeps its status: it was accepted and is not rejected after the
 * fact, so what the new reading finds wrong is kept as a warning. Its text, metadata and problems are
 * replaced, {@code document.text_read} is published on its dossier, and it goes to the index stage so that
 * search finds its words.
 *
 * <p>Runs only where OCR is available ({@link #unavailableReason()}), one document at a time by default so
 * that a catch-up of thousands of scans leaves the parser threads to new uploads. Scheduled at start-up by
 * an instance that runs it (every waiting document, in one statement) and by
 * {@code POST /api/admin/documents/reread}. Idempotent: a document without the warning only completes its task.
 */
@Component
class RereadStage implements StageHandler {

    static final String NAME = "reread";
    static final String NEXT = "index";
    static final String EVENT = "document.text_read";
    private static final String WARNING = ProblemCode.OCR_UNAVAILABLE.name();
    private static final TypeReference<List<Problem>> PROBLEMS = new TypeReference<>() { };
    private static final Logger log = LoggerFactory.getLogger(RereadStage.class);

    private final R2dbcDossierStore store;
    private final BlobStore blobs;
    private final TikaExtractor extractor;
    private final IngestConfig.KindRules rules;
    private final DossierEvents events;
    private final TaskQueue queue;
    private final TransactionalOperator tx;
    private final DatabaseClient db;
    private final JsonMapper json;
    private final RokhsaProperties props;

    RereadStage(R2dbcDossierStore store, BlobStore blobs, TikaExtractor extractor, IngestConfig.KindRules rules,
                DossierEvents events, TaskQueue queue, TransactionalOperator tx, DatabaseClient db, JsonMapper json,
                RokhsaProperties props) {
        this.store = store;
        this.blobs = blobs;
        this.extractor = extractor;
        this.rules = rules;
        this.events = events;
        this.queue = queue;
        this.tx = tx;
        this.db = db;
        this.json = json;
        this.props = props;
    }

    @Override
    public String stage() {
        return NAME;
    }

    @Override
    public int defaultConcurrency() {
        return 1;
    }

    @Override
    public String unavailableReason() {
        return extractor.ocrAvailable() ? null : extractor.ocrStatus();
    }

    /** At start-up, an instance that reads with OCR schedules every document still waiting for it. */
    @EventListener(ApplicationReadyEvent.class)
    void catchUp() {
        if (!props.pipeline().stage(NAME).enabled() || !extractor.ocrAvailable()) {
            return;
        }
        scheduleAll().subscribe(
                n -> log.info("OCR catch-up: {} document(s) scheduled to be read again with OCR", n),
                e -> log.warn("OCR catch-up: could not schedule the documents waiting for OCR: {}", e.toString()));
    }

    /** Schedules every accepted document whose scanned pages wait for OCR; returns how many were scheduled. */
    Mono<Long> scheduleAll() {
        return queue.enqueueAcceptedWithProblem(WARNING, NAME);
    }

    boolean ocrAvailable() {
        return extractor.ocrAvailable();
    }

    String ocrStatus() {
        return extractor.ocrStatus();
    }

    @Override
    public Mono<Void> process(StageContext ctx) {
        DocumentRecord doc = ctx.task().document();
        List<Problem> before = json.readValue(doc.problemsJson(), PROBLEMS);
        if (!doc.status().satisfiesChecklist() || before.stream().noneMatch(p -> WARNING.equals(p.code()))) {
            return tx.transactional(ctx.complete());
        }
        if (!extractor.ocrAvailable()) { // not started where OCR is off; kept as a guard
            return Mono.error(new OutageException("OCR is not available on this instance: " + extractor.ocrStatus(), null));
        }
        KindRule rule = rules.of(doc.kind());
        return blobs.localFile(doc.sha256())
                .flatMap(path -> extractor.extract(path, doc.fileName(), rule))
                .flatMap(x -> record(ctx, doc, x, after(before, x, rule)));
    }

    /**
     * The problems after the new reading, all warnings. A complete reading replaces the old problems (they
     * came from the same file); one that timed out or failed keeps the old ones, less the OCR warning, and
     * adds what went wrong this time.
     */
    private static List<Problem> after(List<Problem> before, Extraction x, KindRule rule) {
        List<Problem> found = ExtractStage.problems(DocumentValidator.validate(x, rule)).stream()
                .map(p -> "ERROR".equals(p.severity()) ? new Problem(p.code(), p.message(), "WARNING") : p).toList();
        if (x.status() == Extraction.Status.COMPLETE) {
            return found;
        }
        List<Problem> kept = new ArrayList<>(before.stream().filter(p -> !WARNING.equals(p.code())).toList());
        Set<String> codes = kept.stream().map(Problem::code).collect(Collectors.toSet());
        found.stream().filter(p -> !codes.contains(p.code())).forEach(kept::add);
        return kept;
    }

    private Mono<Void> record(StageContext ctx, DocumentRecord doc, Extraction x, List<Problem> problems) {
        boolean complete = x.status() == Extraction.Status.COMPLETE;
        String metadata = complete ? json.writeValueAsString(ExtractStage.metadata(x)) : doc.metadataJson();
        Mono<Void> work = store.share(doc.dossierId()).flatMap((DossierRecord d) ->
                save(doc, x, complete, json.writeValueAsString(problems), metadata)
                        .flatMap(status -> status.isEmpty() ? ctx.complete()
                                : ctx.complete().then(queue.enqueueAfterChange(doc.id(), NEXT))
                                .then(events.fact(d, EVENT, event(doc, status, x, complete, problems))).then()));
        return tx.transactional(work).doOnSuccess(ok -> log.info(
                "document {} of dossier {}: read again with OCR ({}, {} page(s) OCR'd, {} chars, {} ms){}", doc.id(),
                doc.dossierId(), x.status(), x.ocrPages(), x.text().length(), x.elapsed().toMillis(),
                problems.isEmpty() ? "" : " " + problems.stream().map(Problem::code).toList()));
    }

    /**
     * Stores the new reading of a document still accepted and still waiting for OCR, in one statement;
     * returns its status, or an empty string if it no longer waits (read already, or no longer accepted).
     */
    private Mono<String> save(DocumentRecord doc, Extraction x, boolean complete, String problems, String metadata) {
        return db.sql("""
                WITH moved AS (
                    UPDATE document SET problems = :problems, metadata = :metadata, updated_at = now()
                    WHERE id = :d AND status IN ('VALID', 'INDEXED') AND problems @> '[{"code": "OCR_UNAVAILABLE"}]'::jsonb
                    RETURNING id, status),
                saved AS (
                    INSERT INTO document_text (document_id, text, truncated, ocr, language)
                    SELECT id, :t, :tr, :ocr, :lang FROM moved WHERE :complete
                    ON CONFLICT (document_id) DO UPDATE SET text = excluded.text, truncated = excluded.truncated,
                      ocr = excluded.ocr, language = excluded.language)
                SELECT coalesce(max(status), '') AS status FROM moved""")
                .bind("problems", Json.of(problems))
                .bind("metadata", Parameter.fromOrEmpty(metadata == null ? null : Json.of(metadata), Json.class))
                .bind("d", doc.id()).bind("t", ExtractStage.storable(x.text())).bind("tr", x.textTruncated())
                .bind("ocr", x.ocrUsed()).bind("lang", Parameter.fromOrEmpty(x.language(), String.class))
                .bind("complete", complete)
                .map(r -> r.get("status", String.class)).one();
    }

    private static Map<String, Object> event(DocumentRecord doc, String status, Extraction x, boolean complete,
                                             List<Problem> problems) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("documentId", doc.id());
        m.put("fileName", doc.fileName());
        m.put("kind", doc.kind());
        m.put("status", status);
        m.put("read", complete);
        m.put("ocr", x.ocrUsed());
        m.put("ocrPages", x.ocrPages());
        m.put("textLength", complete ? x.text().length() : 0);
        m.put("language", x.language());
        m.put("problems", problems);
        return m;
    }
}
