package ma.rokhsa.ingest;

/**
 * The one unchecked exception of the ingest module: something went wrong with the <em>service</em>
 * (a stored file cannot be read, the extractor is closed or saturated, a worker process cannot start,
 * a configuration is invalid), as opposed to a problem with a <em>document</em>, which is reported as a
 * {@link Problem} and never thrown.
 *
 * <p>{@link #code()} is stable and machine-readable; {@link #getMessage()} tells a person what to fix.
 */
public class IngestException extends RuntimeException {

    /** The stored file could not be read (missing, unreadable). */
    public static final String FILE_UNREADABLE = "FILE_UNREADABLE";
    /** The extractor's queue is full: retry later or raise {@code ExtractorConfig.queueCapacity}. */
    public static final String EXTRACTOR_BUSY = "EXTRACTOR_BUSY";
    /** The extractor was closed. */
    public static final String EXTRACTOR_CLOSED = "EXTRACTOR_CLOSED";
    /** A forked extraction worker could not be started or did not answer its handshake. */
    public static final String WORKER_START_FAILED = "WORKER_START_FAILED";
    /** A configuration value is invalid. */
    public static final String INVALID_CONFIG = "INVALID_CONFIG";

    private final String code;

    public IngestException(String code, String message) {
        super(message);
        this.code = code;
    }

    public IngestException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Stable machine-readable code, one of the constants of this class. */
    public String code() {
        return code;
    }
}
