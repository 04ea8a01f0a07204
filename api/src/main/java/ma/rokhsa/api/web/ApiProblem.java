package ma.rokhsa.api.web;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The application's one unchecked root exception at the HTTP edge: an RFC 9457 problem with a stable
 * {@code code} and a message that tells a person what to fix.
 */
public class ApiProblem extends ErrorResponseException {

    private final String code;

    public ApiProblem(HttpStatusCode status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiProblem(HttpStatusCode status, String code, String message, Map<String, Object> extra) {
        super(status, problem(status, code, message, extra), null);
        this.code = code;
    }

    private static ProblemDetail problem(HttpStatusCode status, String code, String message, Map<String, Object> extra) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, message);
        pd.setType(URI.create("https://rokhsa.ma/problems/" + code.toLowerCase().replace('_', '-')));
        pd.setTitle(HttpStatus.resolve(status.value()) != null ? HttpStatus.resolve(status.value()).getReasonPhrase() : code);
        pd.setProperty("code", code);
        extra.forEach(pd::setProperty);
        return pd;
    }

    public String code() {
        return code;
    }

    /** Tells the client when to try again (a 429 or a 503): sent as {@code Retry-After}. */
    public ApiProblem retryAfter(java.time.Duration wait) {
        getHeaders().set(org.springframework.http.HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())));
        return this;
    }

    @Override
    public String getMessage() {
        return code + ": " + getBody().getDetail();
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "NOT_FOUND", what + " does not exist or is not visible to you.");
    }

    public static ApiProblem badRequest(String code, String message) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, code, message);
    }

    public static ApiProblem conflict(String code, String message) {
        return new ApiProblem(HttpStatus.CONFLICT, code, message);
    }

    public static ApiProblem forbidden(String code, String message) {
        return new ApiProblem(HttpStatus.FORBIDDEN, code, message);
    }
}
