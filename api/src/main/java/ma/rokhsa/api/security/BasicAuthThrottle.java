package ma.rokhsa.api.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The same password throttling for API clients as for the sign-in page: HTTP Basic credentials of a
 * locked account or address get 429 without being checked, and a 401 counts as a failure. Runs just
 * before Spring Security's HTTP Basic filter.
 */
final class BasicAuthThrottle implements WebFilter {

    private final LoginThrottle throttle;

    BasicAuthThrottle(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String username = basicUsername(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (username == null) {
            return chain.filter(exchange);
        }
        String address = ClientAddress.of(exchange);
        return throttle.lockedFor(username, address).flatMap(locked -> {
            if (!locked.isZero()) {
                return tooMany(exchange, locked);
            }
            return chain.filter(exchange).then(Mono.defer(() ->
                    exchange.getResponse().getStatusCode() == HttpStatus.UNAUTHORIZED
                            ? throttle.failed(username, address).then() : Mono.empty()));
        });
    }

    private static Mono<Void> tooMany(ServerWebExchange exchange, Duration locked) {
        long seconds = Math.max(1, locked.toSeconds());
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return SecurityConfig.problem(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS, "SIGN_IN_LOCKED",
                "Too many wrong passwords for this account or from this address: try again in " + seconds + " s.");
    }

    static String basicUsername(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
