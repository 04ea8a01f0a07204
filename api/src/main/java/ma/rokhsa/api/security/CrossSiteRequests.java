package ma.rokhsa.api.security;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses state-changing requests that a browser says come from another site ({@code Sec-Fetch-Site:
 * cross-site}, Fetch Metadata). The CSRF token protects requests authenticated by the session cookie; this
 * covers the rest: HTTP Basic credentials a browser remembered and sends by itself with a form posted from
 * elsewhere (a bodiless POST such as submit or accept needs no particular content type). API clients (curl,
 * libraries) send no such header and are not affected; gateway callbacks that prove themselves are exempt.
 */
final class CrossSiteRequests implements WebFilter {

    private final ServerWebExchangeMatcher ownProof;

    CrossSiteRequests(ServerWebExchangeMatcher ownProof) {
        this.ownProof = ownProof;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpMethod m = exchange.getRequest().getMethod();
        boolean changes = !(m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS || m == HttpMethod.TRACE);
        if (!changes || !"cross-site".equalsIgnoreCase(exchange.getRequest().getHeaders().getFirst("Sec-Fetch-Site"))) {
            return chain.filter(exchange);
        }
        return ownProof.matches(exchange).flatMap(own -> own.isMatch() ? chain.filter(exchange)
                : SecurityConfig.problem(exchange.getResponse(), HttpStatus.FORBIDDEN, "CROSS_SITE_REQUEST",
                "This request changes something and was sent by a page of another site: it is refused. Use the platform's own pages."));
    }
}
