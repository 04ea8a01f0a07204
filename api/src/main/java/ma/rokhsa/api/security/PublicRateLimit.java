package ma.rokhsa.api.security;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Limits anonymous requests for the public figures (the ranking and the national statistics, API and pages)
 * per client address on this instance: they are served from caches, but a caller must not be able to keep
 * an instance busy with them. Signed-in people are not limited here. Above the limit: 429 with Retry-After.
 */
final class PublicRateLimit implements WebFilter {

    static final ServerWebExchangeMatcher FIGURES = ServerWebExchangeMatchers.pathMatchers(
            "/api/ranking", "/api/stats", "/ranking", "/stats");

    private final AddressAllowance allowance;

    PublicRateLimit(int perAddress, Duration window) {
        this.allowance = new AddressAllowance(perAddress, window);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return FIGURES.matches(exchange).flatMap(m -> !m.isMatch() ? chain.filter(exchange)
                : exchange.getPrincipal().hasElement().flatMap(signedIn -> {
                    if (signedIn || allowance.take(ClientAddress.of(exchange))) {
                        return chain.filter(exchange);
                    }
                    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, allowance.window().toSeconds())));
                    return SecurityConfig.problem(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_REQUESTS",
                            "This address asked for the public figures " + allowance.perWindow() + " times in a short time: they change "
                                    + "slowly, follow them live (GET /api/ranking/events) or try again in a minute.");
                }));
    }
}
