package ma.rokhsa.api.security;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The Content-Security-Policy of every response: scripts, styles, workers and connections from this
 * origin only, never inline, never eval (WebAssembly compilation is allowed for pdf.js's image decoders);
 * no plugins, no framing. Swagger UI, a third-party page that needs inline styles, is left out.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ContentSecurityPolicy implements WebFilter {

    public static final String POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
            + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; manifest-src 'self'";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!path.startsWith("/swagger-ui")) {
            exchange.getResponse().getHeaders().set("Content-Security-Policy", POLICY);
        }
        return chain.filter(exchange);
    }
}
