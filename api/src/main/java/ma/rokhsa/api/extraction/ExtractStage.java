package ma.rokhsa.api.extraction;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.r2dbc.postgresql.codec.Json;
import ma.rokhsa.api.dossier.DocumentRecord;
import ma.rokhsa.api.dossier.DocumentStatus;
import ma.rokhsa.api.dossier.DossierEvents;
import ma.rokhsa.api.dossier.DossierRecord;
import ma.rokhsa.api.dossier.Problem;
import ma.rokhsa.api.dossier.R2dbcDossierStore;
import ma.rokhsa.api.pipeline.StageContext;
import ma.rokhsa.api.pipeline.StageHandler;
import ma.rokhsa.api.upload.BlobStore;
import ma.rokhsa.ingest.DocumentValidator;
import ma.rokhsa.ingest.Extraction;
import ma.rokhsa.ingest.KindRule;
import ma.rokhsa.ingest.TikaExtractor;
import ma.rokhsa.ingest.Validation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * STORED -> EXTRACTED -> VALID or REJECTED: extracts text and metadata with Tika (OCR for scans) on the
 * extractor's own bounded scheduler, validates them against the document kind's rules, stores the text,
 * and hands valid documents to indexing. A document that hangs or crashes its parser is rejected alone
 * (EXTRACTION_TIMEOUT / EXTRACTION_FAILED) and the worker carries on. Idempotent: a document already past
 * STORED only completes its task.
 */
@Component
class ExtractStage implements StageHandler {

    static final String NAME = "extract";
    static final String NEXT = "index";
    private static final Logger log = LoggerFactory.getLogger(ExtractStage.class);

    private final R2dbcDossierStore store;
    private final BlobStore blobs;
    private final TikaExtractor extractor;
    private final IngestConfig.KindRules rules;
    private final DossierEvents events;
    private final TransactionalOperator tx;
    private final DatabaseClient db;
    private final JsonMapper json;
    private final Clock clock;

    ExtractStage(R2dbcDossierStore store, BlobStore blobs, TikaExtractor extractor, IngestConfig.KindRules rules,
                 DossierEvents events, TransactionalOperator tx, DatabaseClient db, JsonMapper json, Clock clock) {
        this.store = store;
        this.blobs = blobs;
        this.extractor = extractor;
        this.rules = rules;
        this.events = events;
        this.tx = tx;
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String stage() {
        return NAME;
    }

    /**
     * Twice the parser threads: while a document's result is being written, the next one already waits
     * for its thread, so the parsers never idle on the database. The extractor's scheduler bounds the
     * parsing itself. (A fixed 2 used to leave all but two cores idle on a bigger machine.)
     */
    @Override
    public int defaultConcurrency() {
        return 2 * extractor.config().threads();
    }

    @Override
    public Mono<Void> process(StageContext ctx) {
        DocumentRecord doc = ctx.task().document();
        if (doc.status() != DocumentStatus.STORED) {
            return tx.transactional(ctx.complete());
        }
        KindRule rule = rules.of(doc.kind());
        return blobs.localFile(doc.sha256())
                .flatMap(path -> extractor.extract(path, doc.fileName(), rule))
                .flatMap(extraction -> record(ctx, doc, extraction, DocumentValidator.validate(extraction, rule)));
    }

    private Mono<Void> record(StageContext ctx, DocumentRecord doc, Extraction x, Validation v) {
        List<Problem> problems = problems(v);
        DocumentStatus outcome = v.valid() ? DocumentStatus.VALID : DocumentStatus.REJECTED;
        String metadata = json.writeValueAsString(metadata(x));
        // The document goes from STORED to its outcome in one update (EXTRACTED is only ever seen inside
        // this transaction), and both steps are published as events, last, in one statement.
        Mono<Void> work = store.share(doc.dossierId()).flatMap((DossierRecord d) ->
                saveResult(doc, x, outcome, json.writeValueAsString(problems), metadata)
                        .flatMap(moved -> !moved ? ctx.complete()
                                : (outcome == DocumentStatus.VALID ? ctx.handOver(NEXT) : ctx.complete())
                                .then(events.documentSteps(d, doc, List.of(new DossierEvents.Step(DocumentStatus.EXTRACTED, List.of()),
                                        new DossierEvents.Step(outcome, problems))))));
        return tx.transactional(work).doOnSuccess(ok -> log.info(
                "document {} of dossier {}: {} as {} ({} page(s), {} chars{}, {} ms){}", doc.id(), doc.dossierId(), outcome,
                x.mediaType(), x.metadata().pageCount(), x.text().length(), x.ocrUsed() ? ", OCR" : "", x.elapsed().toMillis(),
                problems.isEmpty() ? "" : " " + problems.stream().map(Problem::code).toList()));
    }

    /** Records the outcome, metadata and text of a STORED document in one statement; false if it had moved on. */
    private Mono<Boolean> saveResult(DocumentRecord doc, Extraction x, DocumentStatus outcome, String problems, String metadata) {
        String text = storable(x.text());
        return db.sql("""
                WITH moved AS (
                    UPDATE document SET status = :to, detected_type = coalesce(:detected, detected_type),
                           problems = :problems, metadata = :metadata, updated_at = :now
                    WHERE id = :d AND status = 'STORED'
                    RETURNING id),
                saved AS (
                    INSERT INTO document_text (document_id, text, truncated, ocr, language)
                    SELECT id, :t, :tr, :ocr, :lang FROM moved
                    ON CONFLICT (document_id) DO UPDATE SET text = excluded.text, truncated = excluded.truncated,
                      ocr = excluded.ocr, language = excluded.language)
                SELECT count(*) AS n FROM moved""")
                .bind("to", outcome.name()).bind("detected", Parameter.fromOrEmpty(x.mediaType(), String.class))
                .bind("problems", Json.of(problems)).bind("metadata", Json.of(metadata))
                .bind("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .bind("d", doc.id()).bind("t", text).bind("tr", x.textTruncated())
                .bind("ocr", x.ocrUsed()).bind("lang", Parameter.fromOrEmpty(x.language(), String.class))
                .map(r -> r.get("n", Long.class) > 0).one();
    }

    /** The validation's problems as the document stores and shows them. */
    static List<Problem> problems(Validation v) {
        return v.problems().stream().map(p -> new Problem(p.code().name(), p.message(), p.severity().name())).toList();
    }

    /** The text as PostgreSQL can hold it: without the NUL characters some parsers emit. */
    static String storable(String text) {
        return text.indexOf('\0') >= 0 ? text.replace("\0", "") : text;
    }

    /** What the dossier view shows of the extraction (the text itself is served by /api/documents/{id}/text). */
    static Map<String, Object> metadata(Extraction x) {
        var m = x.metadata();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mediaType", x.mediaType());
        out.put("extraction", x.status().name());
        out.put("pageCount", m.pageCount());
        // A plan set can have hundreds of sheets: count them by format, and list the first ones only.
        Map<String, Long> sheets = new java.util.TreeMap<>();
        m.pages().forEach(p -> sheets.merge(String.valueOf(p.format()), 1L, Long::sum));
        out.put("sheets", sheets);
        out.put("pages", m.pages().size() > 50 ? m.pages().subList(0, 50) : m.pages());
        out.put("pdfVersion", m.pdfVersion());
        out.put("producer", m.producer());
        out.put("creator", m.creator());
        out.put("created", m.created());
        out.put("title", m.title());
        out.put("language", x.language());
        out.put("languages", x.languages());
        out.put("encrypted", m.encrypted());
        out.put("hasJavaScript", m.hasJavaScript());
        out.put("hasEmbeddedFiles", m.hasEmbeddedFiles());
        out.put("imageOnlyPages", m.imageOnlyPages());
        out.put("ocr", x.ocrUsed());
        out.put("ocrPages", x.ocrPages());
        out.put("textLength", x.text().length());
        out.put("textTruncated", x.textTruncated());
        out.put("elapsedMs", x.elapsed().toMillis());
        return out;
    }
}
