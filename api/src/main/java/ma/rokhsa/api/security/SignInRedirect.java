package ma.rokhsa.api.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * A page that needs an account sends the browser to the sign-in page, which brings it back afterwards
 * ({@code next}). htmx requests get the same through {@code HX-Redirect} (a redirect would be swapped
 * into the page); live streams just end with 401, and the page they belong to redirects on its next load.
 */
final class SignInRedirect implements ServerAuthenticationEntryPoint {

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        ServerHttpRequest request = exchange.getRequest();
        String target = request.getPath().pathWithinApplication().value()
                + (request.getURI().getRawQuery() == null ? "" : "?" + request.getURI().getRawQuery());
        URI login = UriComponentsBuilder.fromPath("/login").queryParam("next", "{next}").encode().buildAndExpand(target).toUri();
        var response = exchange.getResponse();
        if ("true".equals(request.getHeaders().getFirst("HX-Request"))) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            response.getHeaders().set("HX-Redirect", login.toString());
            return response.setComplete();
        }
        if (request.getHeaders().getAccept().contains(MediaType.TEXT_EVENT_STREAM)) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return response.setComplete();
        }
        response.setStatusCode(HttpStatus.SEE_OTHER);
        response.getHeaders().setLocation(login);
        return response.setComplete();
    }

    /**
     * A form posted without its CSRF token: most often a page left open until its token cookie went away.
     * Nothing was changed; the person reloads the page and sends the form again.
     */
    static Mono<Void> expiredForm(ServerWebExchange exchange) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
        byte[] body = ("<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Rokhsa</title>"
                + "<link rel=\"stylesheet\" href=\"/static/css/rokhsa.css\"><main class=\"wrap\">"
                + "<h1>Page expirée · انتهت صلاحية الصفحة</h1>"
                + "<p>Rien n’a été modifié. Revenez en arrière, rechargez la page et envoyez à nouveau le formulaire.</p>"
                + "<p lang=\"ar\" dir=\"rtl\">لم يتم تغيير أي شيء. ارجع إلى الصفحة السابقة، وأعد تحميلها ثم أرسل الاستمارة من جديد.</p>"
                + "<p><a href=\"/\">Rokhsa</a></p></main></html>").getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    /** The rare page refused by the security rules themselves (controllers render their own refusals). */
    static Mono<Void> forbiddenPage(ServerWebExchange exchange) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
        byte[] body = ("<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>403</title>"
                + "<p>Accès refusé · الدخول مرفوض</p><p><a href=\"/\">Rokhsa</a></p></html>").getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
