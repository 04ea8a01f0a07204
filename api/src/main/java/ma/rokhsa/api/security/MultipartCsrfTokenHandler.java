package ma.rokhsa.api.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.http.MediaType;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestHandler;
import org.springframework.security.web.server.csrf.XorServerCsrfTokenRequestAttributeHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The CSRF token of a request, from the header (htmx, the uploader), a url-encoded form field, or, for
 * a multipart form posted without JavaScript, the {@code _csrf} query parameter: reading the token from
 * the multipart body would make the server parse an upload of 200 MB before it streams it to disk.
 * Tokens are masked per response (BREACH), as by Spring Security's default handler.
 */
final class MultipartCsrfTokenHandler implements ServerCsrfTokenRequestHandler {

    private final XorServerCsrfTokenRequestAttributeHandler delegate = new XorServerCsrfTokenRequestAttributeHandler();

    @Override
    public void handle(ServerWebExchange exchange, Mono<CsrfToken> csrfToken) {
        delegate.handle(exchange, csrfToken);
    }

    @Override
    public Mono<String> resolveCsrfTokenValue(ServerWebExchange exchange, CsrfToken csrfToken) {
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        Mono<String> fromQuery = Mono.justOrEmpty(type != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)
                ? exchange.getRequest().getQueryParams().getFirst(csrfToken.getParameterName()) : null)
                .mapNotNull(masked -> unmask(masked, csrfToken.getToken()));
        return delegate.resolveCsrfTokenValue(exchange, csrfToken).switchIfEmpty(fromQuery);
    }

    /**
     * The token a page carried, unmasked as Spring Security's handler does for headers and form fields: the
     * masked value is random bytes followed by those bytes XOR the token, URL-safe base64. Null if malformed.
     */
    static String unmask(String masked, String token) {
        byte[] actual;
        try {
            actual = Base64.getUrlDecoder().decode(masked);
        } catch (IllegalArgumentException e) {
            return null;
        }
        byte[] tokenBytes = token.getBytes(StandardCharsets.UTF_8);
        int n = tokenBytes.length;
        if (actual.length != 2 * n) {
            return null;
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (actual[i] ^ actual[n + i]);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
