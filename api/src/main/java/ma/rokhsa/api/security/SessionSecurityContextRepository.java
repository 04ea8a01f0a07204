package ma.rokhsa.api.security;

import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads who is signed in from the browser's session cookie ({@link R2dbcWebSessions}). A request that
 * carries an {@code Authorization} header is an API client: HTTP Basic decides for it, never the cookie.
 * Sessions are opened by the sign-in page, not here, so {@link #save} does nothing.
 */
final class SessionSecurityContextRepository implements ServerSecurityContextRepository {

    private final R2dbcWebSessions sessions;

    SessionSecurityContextRepository(R2dbcWebSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
        return Mono.empty();
    }

    @Override
    public Mono<SecurityContext> load(ServerWebExchange exchange) {
        if (exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
            return Mono.empty();
        }
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(R2dbcWebSessions.COOKIE);
        if (cookie == null) {
            return Mono.empty();
        }
        return sessions.find(cookie.getValue())
                .map(user -> new SecurityContextImpl(
                        UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities())));
    }

    /** Whether the request is authenticated by a browser session cookie rather than by an API credential. */
    static boolean cookieAuthenticated(ServerWebExchange exchange) {
        return !exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)
                && exchange.getRequest().getCookies().getFirst(R2dbcWebSessions.COOKIE) != null;
    }
}
