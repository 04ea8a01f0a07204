package ma.rokhsa.api.search;

import java.util.List;
import java.util.Map;

import ma.rokhsa.api.dossier.DocumentRecord;
import ma.rokhsa.api.dossier.DocumentStatus;
import ma.rokhsa.api.dossier.DossierEvents;
import ma.rokhsa.api.dossier.R2dbcDossierStore;
import ma.rokhsa.api.pipeline.OutageException;
import ma.rokhsa.api.pipeline.StageContext;
import ma.rokhsa.api.pipeline.StageHandler;
import ma.rokhsa.indexer.IndexResult;
import ma.rokhsa.indexer.IndexerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * VALID -> INDEXED: sends the document (its text, metadata, kind, name) with its dossier's fields to the
 * search engine; INDEXED is recorded, and its event emitted, once the document is searchable. The same
 * stage re-indexes INDEXED documents when their dossier changes (status, commission). While the engine
 * is down, tasks wait without spending attempts and catch up when it is back.
 */
@Component
class IndexStage implements StageHandler {

    static final String NAME = "index";
    private static final Logger log = LoggerFactory.getLogger(IndexStage.class);

    private final R2dbcDossierStore store;
    private final BatchingIndexer indexer;
    private final DossierEvents events;
    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final DocumentsForIndex documents;

    IndexStage(R2dbcDossierStore store, BatchingIndexer indexer, DossierEvents events, DatabaseClient db,
               TransactionalOperator tx, DocumentsForIndex documents) {
        this.store = store;
        this.indexer = indexer;
        this.events = events;
        this.db = db;
        this.tx = tx;
        this.documents = documents;
    }

    @Override
    public String stage() {
        return NAME;
    }

    @Override
    public Mono<Void> process(StageContext ctx) {
        DocumentRecord doc = ctx.task().document();
        if (doc.status() != DocumentStatus.VALID && doc.status() != DocumentStatus.INDEXED) {
            return tx.transactional(ctx.complete());
        }
        return documents.one(doc.id())
                .flatMap(indexer::submit)
                .onErrorMap(IndexerException.class, e -> e.code().retryable() ? new OutageException(e.getMessage(), e) : e)
                .onErrorMap(e -> e instanceof IllegalStateException || e instanceof reactor.core.publisher.Sinks.EmissionException,
                        e -> new OutageException(e.getMessage(), e))
                .flatMap(result -> record(ctx, doc, result));
    }

    private Mono<Void> record(StageContext ctx, DocumentRecord doc, IndexResult result) {
        return switch (result.outcome()) {
            case RETRY_LATER -> Mono.error(new OutageException("search engine: " + result.message(), null));
            case REJECTED -> {
                log.warn("document {} of dossier {}: the search engine refused it ({}: {})", doc.id(), doc.dossierId(),
                        result.errorCode(), result.message());
                yield tx.transactional(store.findForSystem(doc.dossierId())
                        .flatMap(d -> events.fact(d, "document.index_rejected", Map.of("documentId", doc.id(),
                                "reason", String.valueOf(result.message()))))
                        .then(ctx.complete()));
            }
            case INDEXED -> tx.transactional(store.share(doc.dossierId()).flatMap(d ->
                            store.documentTransition(doc.id(), DocumentStatus.VALID, DocumentStatus.INDEXED)
                                    .flatMap(moved -> ctx.complete().then(moved
                                            ? events.documentStatus(d, doc, DocumentStatus.INDEXED, List.of())
                                            : Mono.<Void>empty()))))
                    .doOnSuccess(v -> log.debug("document {} of dossier {}: indexed", doc.id(), doc.dossierId()));
        };
    }


}
