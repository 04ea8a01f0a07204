package ma.rokhsa.api.pipeline;

import java.util.List;

import ma.rokhsa.api.dossier.DocumentStatus;
import ma.rokhsa.api.dossier.DossierEvents;
import ma.rokhsa.api.dossier.Problem;
import ma.rokhsa.api.dossier.R2dbcDossierStore;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Marks a document FAILED when its task is dead-lettered, with the last error as a problem, and says so on its stream. */
@Component
class DocumentDeadLetters implements DeadLetters {

    private final R2dbcDossierStore store;
    private final DossierEvents events;
    private final TransactionalOperator tx;
    private final JsonMapper json;

    DocumentDeadLetters(R2dbcDossierStore store, DossierEvents events, TransactionalOperator tx, JsonMapper json) {
        this.store = store;
        this.events = events;
        this.tx = tx;
        this.json = json;
    }

    @Override
    public Mono<Void> onDead(Task task, String lastError) {
        List<Problem> problems = List.of(new Problem("PROCESSING_FAILED",
                "The platform could not process this document at stage " + task.stage() + " after " + task.attempts()
                        + " attempts. An administrator has been alerted; you may upload it again."));
        return tx.transactional(store.document(task.documentId())
                .flatMap(doc -> store.lock(doc.dossierId())
                        .flatMap(d -> store.documentFailed(doc.id(), json.writeValueAsString(problems))
                                .flatMap(changed -> changed
                                        ? events.documentStatus(d, doc, DocumentStatus.FAILED, problems).then()
                                        : Mono.empty()))));
    }
}
