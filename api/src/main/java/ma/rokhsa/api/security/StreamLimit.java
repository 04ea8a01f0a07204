package ma.rokhsa.api.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Caps the live streams (server-sent events) open at once on this instance: per signed-in person, and per
 * address for anonymous ones (the public ranking's). Each stream holds a connection and a subscription for as
 * long as it lasts, so without a cap one client could hold them all. Above the cap: 429 with Retry-After.
 * Runs in the security chain after authorisation, so that the person is known and refused requests never count.
 */
final class StreamLimit implements WebFilter {

    /** The server-sent event endpoints of the API and of the pages. */
    static final ServerWebExchangeMatcher STREAMS = ServerWebExchangeMatchers.pathMatchers(
            "/live/**", "/api/ranking/events", "/api/dossiers/*/events", "/api/communes/*/events");

    private final int perUser;
    private final int perAddress;
    private final ConcurrentMap<String, Integer> open = new ConcurrentHashMap<>();

    StreamLimit(int perUser, int perAddress) {
        this.perUser = perUser;
        this.perAddress = perAddress;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return STREAMS.matches(exchange).flatMap(m -> !m.isMatch() ? chain.filter(exchange)
                : exchange.getPrincipal().map(p -> "user " + p.getName()).defaultIfEmpty("address " + ClientAddress.of(exchange))
                        .flatMap(key -> {
                            boolean user = key.startsWith("user ");
                            int cap = user ? perUser : perAddress;
                            if (!take(key, cap)) {
                                return tooMany(exchange, cap, user);
                            }
                            return chain.filter(exchange).doFinally(s -> release(key));
                        }));
    }

    private boolean take(String key, int cap) {
        boolean[] taken = {false};
        open.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            taken[0] = now < cap;
            return taken[0] ? now + 1 : (now == 0 ? null : now);
        });
        return taken[0];
    }

    private void release(String key) {
        open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    private static Mono<Void> tooMany(ServerWebExchange exchange, int cap, boolean user) {
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "30");
        String who = user ? "You have" : "This address has";
        return SecurityConfig.problem(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_STREAMS",
                who + " " + cap + " live updates open already (pages or tabs): close some, then reload this one.");
    }
}
