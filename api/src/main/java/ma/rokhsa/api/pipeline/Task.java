package ma.rokhsa.api.pipeline;

import java.util.UUID;

import ma.rokhsa.api.dossier.DocumentRecord;

/** One claimed unit of stage work: a document at a stage, on its n-th attempt, with the document as it was when claimed. */
public record Task(long id, String stage, int attempts, DocumentRecord document) {

    public UUID documentId() {
        return document.id();
    }
}
