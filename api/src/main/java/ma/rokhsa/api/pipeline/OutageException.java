package ma.rokhsa.api.pipeline;

/**
 * Thrown by a stage whose external service (the search engine) is down: the task waits and retries
 * without spending one of its attempts, so an outage of any length never dead-letters documents.
 */
public class OutageException extends RuntimeException {
    public OutageException(String message, Throwable cause) {
        super(message, cause);
    }
}
