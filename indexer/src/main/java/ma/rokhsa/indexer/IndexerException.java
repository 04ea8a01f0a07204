package ma.rokhsa.indexer;

import java.util.Map;
import java.util.Objects;

/**
 * The indexer module's one unchecked exception: every failure that leaves the module carries a
 * stable {@link Code} (map it to an HTTP status or a retry decision) and a message that tells a
 * person what to fix. Checked exceptions from the client, the file system or the node process are
 * wrapped here at the module edge.
 */
public final class IndexerException extends RuntimeException {

    /** Stable error codes. Names never change; new ones may be added. */
    public enum Code {
        /** The query text is longer than {@link SearchQuery#MAX_QUERY_LENGTH} characters (HTTP 400). */
        QUERY_TOO_LONG(false),
        /** The query text cannot be searched as typed: unbalanced quote, control characters, too many terms (HTTP 400). */
        BAD_QUERY(false),
        /** A filter or paging value is invalid: page beyond the result window, size out of range, from after to (HTTP 400). */
        BAD_FILTER(false),
        /** The search engine cannot be reached or answered 5xx / 429 after retries (HTTP 503; retry later). */
        ENGINE_UNAVAILABLE(true),
        /** The search engine refused a request as malformed; a bug or a mapping mismatch (HTTP 500). */
        ENGINE_ERROR(false),
        /** The index or its alias is missing or inconsistent: run {@code ensureIndex()} or a reindex. */
        INDEX_STATE(false),
        /** The embedded search node failed to start or stop; its log file is named in the message. */
        NODE_FAILED(true),
        /** A setting is invalid (bad URL, unreadable certificate, missing data directory). */
        CONFIG_INVALID(false);

        private final boolean retryable;

        Code(boolean retryable) {
            this.retryable = retryable;
        }

        /** Whether the same call may succeed later without any change by a person. */
        public boolean retryable() {
            return retryable;
        }
    }

    private final Code code;
    private final Map<String, Object> context;

    public IndexerException(Code code, String message) {
        this(code, message, Map.of(), null);
    }

    public IndexerException(Code code, String message, Map<String, Object> context, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.context = Map.copyOf(context);
    }

    public Code code() {
        return code;
    }

    /** Structured details (e.g. {@code maxLength}, {@code index}, {@code status}) for logs and problem details. */
    public Map<String, Object> context() {
        return context;
    }

    @Override
    public String toString() {
        return "IndexerException[" + code + "] " + getMessage() + (context.isEmpty() ? "" : " " + context);
    }
}
