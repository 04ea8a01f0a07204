package ma.rokhsa.api.ui;

import ma.rokhsa.api.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Errors of pages become pages: the problem's message in the page's language (by its stable code, see
 * {@link Messages#problem}), what to do, and a way back; never a stack trace.
 */
@ControllerAdvice(basePackageClasses = PageAdvice.class)
class PageErrors {

    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

    private final Messages messages;

    PageErrors(Messages messages) {
        this.messages = messages;
    }

    @ExceptionHandler(ApiProblem.class)
    Mono<Rendering> problem(ApiProblem e, ServerWebExchange exchange) {
        return Mono.just(page(e.getStatusCode(), messages.problem(e, exchange.getLocaleContext().getLocale()), e.code(), exchange));
    }

    @ExceptionHandler(Exception.class)
    Mono<Rendering> unexpected(Exception e, ServerWebExchange exchange) {
        if (e instanceof ErrorResponse er && er.getStatusCode().is4xxClientError()) {
            return Mono.just(page(er.getStatusCode(), messages.get("error.notFoundDetail", exchange), null, exchange));
        }
        log.error("Unexpected error on page {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), e);
        return Mono.just(page(HttpStatus.INTERNAL_SERVER_ERROR, messages.get("error.internalDetail", exchange), "INTERNAL_ERROR", exchange));
    }

    private static Rendering page(HttpStatusCode status, String detail, String code, ServerWebExchange exchange) {
        String titleKey = switch (status.value()) {
            case 404 -> "error.notFound";
            case 403 -> "error.forbidden";
            case 409 -> "error.conflict";
            case 503 -> "error.unavailable";
            default -> status.is4xxClientError() ? "error.badRequest" : "error.internal";
        };
        String referer = exchange.getRequest().getHeaders().getFirst("Referer");
        String back = referer != null && referer.startsWith(exchange.getRequest().getURI().resolve("/").toString())
                ? referer.substring(exchange.getRequest().getURI().resolve("/").toString().length() - 1) : "/";
        return Rendering.view("public/error").status(status)
                .modelAttribute("titleKey", titleKey).modelAttribute("detail", detail)
                .modelAttribute("code", code).modelAttribute("back", SignInPage.safeNext(back, "/")).build();
    }
}
