package ma.rokhsa.api.web;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Turns every error of a controller into an RFC 9457 problem with a {@code code} and a human message;
 * unexpected errors are logged with their cause and answered without internals.
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiProblem.class)
    Mono<ResponseEntity<ProblemDetail>> apiProblem(ApiProblem e) {
        return Mono.just(ResponseEntity.status(e.getStatusCode()).headers(e.getHeaders()).body(e.getBody()));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
            org.springframework.http.HttpHeaders headers, org.springframework.http.HttpStatusCode status, ServerWebExchange exchange) {
        List<Map<String, String>> errors = ex.getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList();
        String detail = ex.getFieldErrors().stream()
                .map(f -> f.getField() + " " + f.getDefaultMessage())
                .reduce((a, b) -> a + "; " + b).orElse("The request is not valid.");
        ApiProblem p = new ApiProblem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "Fix these fields: " + detail + ".",
                Map.of("errors", errors));
        return Mono.just(ResponseEntity.badRequest().body(p.getBody()));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
            org.springframework.http.HttpHeaders headers, org.springframework.http.HttpStatusCode status, ServerWebExchange exchange) {
        String reason = ex.getReason() != null ? ex.getReason() : "The request could not be read.";
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof DecodingException || ex.getCause() instanceof DecodingException) {
            reason = "The request body is not valid JSON for this endpoint: " + firstLine(cause.getMessage());
        }
        ApiProblem p = ApiProblem.badRequest("INVALID_REQUEST", reason);
        return Mono.just(ResponseEntity.badRequest().body(p.getBody()));
    }

    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<ProblemDetail>> unexpected(Exception e, ServerWebExchange exchange) {
        if (e instanceof ErrorResponse er) {
            ProblemDetail body = er.getBody();
            if (body.getProperties() == null || !body.getProperties().containsKey("code")) {
                body.setProperty("code", HttpStatus.valueOf(er.getStatusCode().value()).name());
            }
            return Mono.just(ResponseEntity.status(er.getStatusCode()).headers(er.getHeaders()).body(body));
        }
        if (e instanceof reactor.netty.channel.AbortedException) {
            // The client went away mid-request (an interrupted upload): nothing to answer, nothing was kept.
            log.info("Client closed the connection during {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath());
            return Mono.just(ResponseEntity.badRequest().body(ApiProblem.badRequest("REQUEST_ABORTED",
                    "The request was interrupted before it was complete; send it again.").getBody()));
        }
        log.error("Unexpected error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), e);
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; nothing you sent was lost. Try again, and report it if it persists.");
        pd.setProperty("code", "INTERNAL_ERROR");
        return Mono.just(ResponseEntity.internalServerError().body(pd));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
