package ma.rokhsa.api.dossier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import ma.rokhsa.api.config.RokhsaProperties;
import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.upload.BlobStore;
import ma.rokhsa.api.upload.MultipartUploads;
import ma.rokhsa.api.upload.StreamingReceiver;
import ma.rokhsa.api.upload.UploadedPart;
import ma.rokhsa.api.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Document use cases: upload (streamed to disk, checked, recorded, handed to the pipeline) and reading
 * a document's original bytes, both scoped by the dossier's visibility.
 */
@Service
public class DocumentService {

    private static final Logger log = LoggerFactory.getLogger(DocumentService.class);
    /** Room for multipart headers and the small fields around the file. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;
    /** The pipeline stage a stored document goes to. */
    private static final String EXTRACT_STAGE = "extract";

    private final DossierService dossiers;
    private final R2dbcDossierStore store;
    private final Catalog catalog;
    private final MultipartUploads uploads;
    private final StreamingReceiver receiver;
    private final BlobStore blobs;
    private final DossierEvents events;
    private final ma.rokhsa.api.pipeline.TaskQueue queue;
    private final TransactionalOperator tx;
    private final RokhsaProperties props;
    private final Scheduler files;
    private final List<UploadCheck> checks;

    public DocumentService(DossierService dossiers, R2dbcDossierStore store, Catalog catalog, MultipartUploads uploads,
                           StreamingReceiver receiver, BlobStore blobs, DossierEvents events,
                           ma.rokhsa.api.pipeline.TaskQueue queue, TransactionalOperator tx, RokhsaProperties props,
                           Scheduler filesScheduler, org.springframework.beans.factory.ObjectProvider<UploadCheck> checks) {
        this.dossiers = dossiers;
        this.store = store;
        this.catalog = catalog;
        this.uploads = uploads;
        this.receiver = receiver;
        this.blobs = blobs;
        this.events = events;
        this.queue = queue;
        this.tx = tx;
        this.props = props;
        this.files = filesScheduler;
        this.checks = checks.orderedStream().toList();
    }

    /** The outcome of an upload: the document, and whether it is new (201) or the same content already there (200). */
    public record Uploaded(Views.DocumentView document, boolean created) {
    }

    public Mono<Uploaded> upload(Viewer v, UUID dossierId, Flux<PartEvent> parts, long contentLength) {
        long max = props.upload().maxFileSize().toBytes();
        return dossiers.visible(v, dossierId).flatMap(d -> {
            if (!v.is(Role.ARCHITECT) || !d.architectId().equals(v.id())) {
                return Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only the dossier's architect can add documents."));
            }
            if (d.status() != DossierStatus.DRAFT && d.status() != DossierStatus.RETURNED) {
                return Mono.error(locked(d));
            }
            if (contentLength > max + MULTIPART_OVERHEAD) {
                return Mono.error(new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "FILE_TOO_LARGE",
                        "The upload is larger than the limit of %d MB: split the file or compress its images, then upload again."
                                .formatted(max / (1024 * 1024))));
            }
            return uploads.read(parts, max).flatMap(u -> accept(v, d, u).doOnError(e -> uploads.discard(u)));
        });
    }

    private Mono<Uploaded> accept(Viewer v, DossierRecord d, UploadedPart u) {
        Catalog.DossierType type = catalog.type(d.type()).orElseThrow();
        if (u.file() == null) {
            return Mono.error(ApiProblem.badRequest("FILE_MISSING", "Attach the file in a multipart part named 'file'."));
        }
        if (u.kind() == null || u.kind().isBlank()) {
            return Mono.error(ApiProblem.badRequest("KIND_MISSING", "Say what the document is in the field 'kind', one of "
                    + kinds(type) + "."));
        }
        if (!type.accepts(u.kind())) {
            return Mono.error(ApiProblem.badRequest("KIND_NOT_IN_CHECKLIST", "'" + u.kind() + "' is not a document kind of a "
                    + type.name() + " dossier; use one of " + kinds(type) + "."));
        }
        if (u.file().size() == 0) {
            return Mono.error(ApiProblem.badRequest("EMPTY_FILE", u.fileName() + " is empty (0 bytes): upload the actual file."));
        }
        Catalog.Kind kind = catalog.kinds().get(u.kind());
        String detected = null;
        for (UploadCheck check : checks) {
            UploadCheck.Outcome outcome = check.check(u, kind);
            if (outcome.refusal() != null) {
                return Mono.error(outcome.refusal());
            }
            detected = detected != null ? detected : outcome.detectedType();
        }
        UUID docId = UUID.randomUUID();
        String detectedType = detected;
        // The file goes into the content-addressed blob store first (where the same content may already be:
        // then the received copy is dropped), then the document is recorded STORED and handed to extraction
        // in one transaction. A transaction that fails leaves at worst a blob nothing points to, never a
        // document without its file; and a separate store stage would cost a claim and a transaction per
        // document, on a node that may not even see the received file. Share mode: uploads and pipeline
        // stages of one dossier go side by side; a submission waits. The unique index on content makes a
        // concurrent upload of the same file find the first one.
        return blobs.put(u.file().sha256(), u.file().path())
                .then(tx.transactional(store.share(d.id())
                        .flatMap(locked -> locked.status() != DossierStatus.DRAFT && locked.status() != DossierStatus.RETURNED
                                ? Mono.error(locked(locked))
                                : store.insertDocument(docId, d.id(), u.kind(), u.fileName(), u.declaredType(), detectedType,
                                        u.file().size(), u.file().sha256(), v.id())
                                .flatMap(doc -> queue.enqueue(docId, EXTRACT_STAGE)
                                        .then(events.documentSteps(locked, doc, List.of(
                                                new DossierEvents.Step(DocumentStatus.RECEIVED, List.of()),
                                                new DossierEvents.Step(DocumentStatus.STORED, List.of()))))
                                        .thenReturn(new Uploaded(dossiers.documentView(doc), true)))
                                .switchIfEmpty(Mono.defer(() -> store.documentBySha(d.id(), u.file().sha256(), u.kind())
                                        .map(existing -> new Uploaded(dossiers.documentView(existing), false)))))))
                .doOnNext(r -> {
                    if (r.created()) {
                        log.info("document {} of dossier {}: received and stored {} ({} bytes, sha256 {}) as {}",
                                r.document().id(), d.id(), u.fileName(), u.file().size(), u.file().sha256(), u.kind());
                    } else {
                        log.info("document {} of dossier {}: same content uploaded again, kept the existing one", r.document().id(), d.id());
                    }
                });
    }

    private static ApiProblem locked(DossierRecord d) {
        return ApiProblem.conflict("DOSSIER_LOCKED", "Dossier " + d.reference() + " is " + d.status()
                + ": documents can be added to a draft, or to a dossier returned for completion.");
    }

    private static String kinds(Catalog.DossierType type) {
        List<String> all = new java.util.ArrayList<>(type.requiredKinds());
        all.addAll(type.optionalKinds());
        return all.toString();
    }

    /** A document the viewer may see, with its dossier; 404 otherwise. */
    public Mono<DocumentRecord> visibleDocument(Viewer v, UUID documentId) {
        return store.document(documentId)
                .flatMap(doc -> dossiers.visible(v, doc.dossierId()).thenReturn(doc))
                .onErrorMap(ApiProblem.class, e -> ApiProblem.notFound("Document " + documentId))
                .switchIfEmpty(Mono.error(ApiProblem.notFound("Document " + documentId)));
    }

    /** The local file holding a document's original bytes (blob store, or the incoming area before the store stage ran). */
    public Mono<Path> content(DocumentRecord doc) {
        Path received = receiver.incomingDir().resolve(doc.id().toString());
        return Mono.fromCallable(() -> Files.exists(received)).subscribeOn(files)
                .flatMap(inIncoming -> inIncoming ? Mono.just(received) : blobs.localFile(doc.sha256()));
    }
}
