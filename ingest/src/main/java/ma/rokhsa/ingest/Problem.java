package ma.rokhsa.ingest;

import java.util.Objects;

/**
 * One problem found in an uploaded document: a stable {@link ProblemCode}, a {@link Severity}, and a
 * message that tells a person what to fix ("plans.pdf is password-protected: upload it without a
 * password"). Messages are in English; clients may translate by code.
 */
public record Problem(ProblemCode code, Severity severity, String message) {

    /** {@code ERROR} rejects the document ({@code REJECTED}); {@code WARNING} accepts it with a note. */
    public enum Severity { ERROR, WARNING }

    public Problem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static Problem error(ProblemCode code, String message) {
        return new Problem(code, Severity.ERROR, message);
    }

    public static Problem warning(ProblemCode code, String message) {
        return new Problem(code, Severity.WARNING, message);
    }

    /** True when this problem rejects the document. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
