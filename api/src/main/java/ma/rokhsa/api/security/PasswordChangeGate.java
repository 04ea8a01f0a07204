package ma.rokhsa.api.security;

import java.net.URI;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * An account whose password an administrator set may only choose its own: every other request of its
 * holder gets 403 {@code PASSWORD_CHANGE_REQUIRED} on the API, a redirect to the password page in the
 * browser. Public pages and assets stay reachable, and signing out. Runs in the security chain after
 * authorisation.
 */
final class PasswordChangeGate implements WebFilter {

    static final String PAGE = "/account/password";
    static final String API = "/api/me/password";

    private static final ServerWebExchangeMatcher ALLOWED = ServerWebExchangeMatchers.pathMatchers(
            API, "/api/me", PAGE, "/logout", "/login", "/lang/**", "/static/**", "/webjars/**", "/favicon.ico",
            "/manifest.webmanifest", "/sw.js");
    private static final ServerWebExchangeMatcher API_PATHS = ServerWebExchangeMatchers.pathMatchers("/api/**", "/actuator/**", "/v3/**");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return exchange.getPrincipal()
                .map(RokhsaUser::mustChangePassword)
                .defaultIfEmpty(false)
                .flatMap(mustChange -> !mustChange ? chain.filter(exchange)
                        : ALLOWED.matches(exchange).flatMap(allowed -> allowed.isMatch() ? chain.filter(exchange)
                        : API_PATHS.matches(exchange).flatMap(api -> api.isMatch() ? refuse(exchange) : toPage(exchange))));
    }

    private static Mono<Void> refuse(ServerWebExchange exchange) {
        return SecurityConfig.problem(exchange.getResponse(), HttpStatus.FORBIDDEN, "PASSWORD_CHANGE_REQUIRED",
                "Your password was set by an administrator: choose your own first (POST " + API
                        + " with currentPassword and newPassword).");
    }

    private static Mono<Void> toPage(ServerWebExchange exchange) {
        var response = exchange.getResponse();
        response.setStatusCode(exchange.getRequest().getMethod() == HttpMethod.GET ? HttpStatus.FOUND : HttpStatus.SEE_OTHER);
        response.getHeaders().setLocation(URI.create(PAGE));
        return response.setComplete();
    }
}
