package ma.rokhsa.indexer;

/**
 * What happened to one document of a bulk: {@link Outcome#INDEXED} means stored and, with the
 * default {@link IndexerSettings.RefreshMode#IMMEDIATE} (or {@code WAIT_FOR}), already searchable;
 * {@link Outcome#RETRY_LATER} means the engine was unavailable or overloaded after all retries
 * (send it again later: indexing is idempotent); {@link Outcome#REJECTED} means the engine refused
 * this document itself (retrying unchanged will fail again).
 *
 * @param documentId the document's id
 * @param outcome    see above
 * @param errorCode  null when indexed; else the engine's error type (e.g. {@code mapper_parsing_exception},
 *                   {@code es_rejected_execution_exception}) or an {@link IndexerException.Code} name
 * @param message    null when indexed; else a human-readable reason
 * @param attempts   bulk requests this document took part in
 */
public record IndexResult(String documentId, Outcome outcome, String errorCode, String message, int attempts) {

    public enum Outcome { INDEXED, RETRY_LATER, REJECTED }

    public boolean indexed() {
        return outcome == Outcome.INDEXED;
    }

    static IndexResult indexed(String documentId, int attempts) {
        return new IndexResult(documentId, Outcome.INDEXED, null, null, attempts);
    }
}
