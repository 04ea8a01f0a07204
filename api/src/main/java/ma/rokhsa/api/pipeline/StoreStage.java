package ma.rokhsa.api.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ma.rokhsa.api.dossier.DocumentRecord;
import ma.rokhsa.api.dossier.DocumentStatus;
import ma.rokhsa.api.dossier.DossierEvents;
import ma.rokhsa.api.dossier.R2dbcDossierStore;
import ma.rokhsa.api.upload.BlobStore;
import ma.rokhsa.api.upload.StreamingReceiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * RECEIVED -> STORED for documents recorded RECEIVED by an earlier version, whose file still waits in the
 * incoming folder: moves it into the content-addressed blob store, then hands the document to extraction.
 * Uploads now store their file themselves and are recorded STORED, so this stage has work only after an
 * upgrade. Idempotent: a document already past RECEIVED just completes its task, and a file already moved
 * (crash between move and commit) is found in the store.
 */
@Component
class StoreStage implements StageHandler {

    static final String NAME = "store";
    static final String NEXT = "extract";
    private static final Logger log = LoggerFactory.getLogger(StoreStage.class);

    private final R2dbcDossierStore store;
    private final BlobStore blobs;
    private final StreamingReceiver receiver;
    private final DossierEvents events;
    private final TransactionalOperator tx;
    private final Scheduler files;

    StoreStage(R2dbcDossierStore store, BlobStore blobs, StreamingReceiver receiver, DossierEvents events,
               TransactionalOperator tx, Scheduler filesScheduler) {
        this.files = filesScheduler;
        this.store = store;
        this.blobs = blobs;
        this.receiver = receiver;
        this.events = events;
        this.tx = tx;
    }

    @Override
    public String stage() {
        return NAME;
    }

    @Override
    public Mono<Void> process(StageContext ctx) {
        DocumentRecord doc = ctx.task().document();
        if (doc.status() != DocumentStatus.RECEIVED) {
            return tx.transactional(ctx.complete());
        }
        Path received = receiver.incomingDir().resolve(doc.id().toString());
        Mono<Void> move = Mono.fromCallable(() -> Files.exists(received)).subscribeOn(files)
                .flatMap(present -> present ? blobs.put(doc.sha256(), received)
                        : blobs.exists(doc.sha256()).flatMap(ok -> ok ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("received file of document " + doc.id() + " is missing"))));
        Mono<Void> record = store.share(doc.dossierId())
                .flatMap(dossier -> store.documentTransition(doc.id(), DocumentStatus.RECEIVED, DocumentStatus.STORED)
                        .flatMap(moved -> !moved ? ctx.complete()
                                : ctx.handOver(NEXT)
                                .then(events.documentStatus(dossier, doc, DocumentStatus.STORED, List.of()))));
        return move.then(tx.transactional(record))
                .doOnSuccess(v -> log.info("document {} of dossier {}: stored ({} bytes, sha256 {})",
                        doc.id(), doc.dossierId(), doc.size(), doc.sha256()));
    }
}
