package ma.rokhsa.api.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Keeps the application closed while its demo data loads, so that nobody sees it half-empty: every
 * request gets a 503 problem ({@code LOADING_DEMO_DATA}, {@code Retry-After}) except the health probes,
 * the payment gateways' callbacks (signed, server to server: the sandbox gateway relays the seed's own
 * payments through them, and a gateway's callback must never be lost) and the seed's own requests, which
 * carry a random token of this run. Opens once for good. Runs before security (no password is checked
 * for a request that is turned away).
 */
final class DemoDataGate implements WebFilter, Ordered {

    static final String TOKEN_HEADER = "X-Rokhsa-Demo-Seed";
    static final int RETRY_AFTER_SECONDS = 5;
    private static final byte[] PROBLEM = ("{\"type\":\"https://rokhsa.ma/problems/loading-demo-data\",\"title\":\"Service Unavailable\","
            + "\"status\":503,\"detail\":\"Rokhsa is loading its demo data (first start): try again in a few seconds.\","
            + "\"code\":\"LOADING_DEMO_DATA\"}").getBytes(StandardCharsets.UTF_8);
    /** What a browser gets meanwhile: a page that says so in both languages and reloads itself. */
    private static final byte[] PAGE = ("""
            <!DOCTYPE html>
            <html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="%d"><title>Rokhsa</title></head>
            <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
            <h1>Rokhsa se prépare</h1>
            <p>Premier démarrage : les données de démonstration se chargent (une minute environ). Cette page se recharge seule.</p>
            <div lang="ar" dir="rtl"><h1>رخصة قيد التحضير</h1>
            <p>التشغيل الأول: يجري تحميل بيانات العرض (دقيقة تقريبًا). ستُعاد هذه الصفحة تلقائيًا.</p></div>
            </body></html>
            """.formatted(RETRY_AFTER_SECONDS)).getBytes(StandardCharsets.UTF_8);

    private final byte[] token;
    private volatile boolean open;

    DemoDataGate() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.token = HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
    }

    /** The value of {@value #TOKEN_HEADER} that lets the seed's requests in. */
    String token() {
        return new String(token, StandardCharsets.US_ASCII);
    }

    void open() {
        open = true;
    }

    boolean isOpen() {
        return open;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (open || passes(exchange)) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        boolean browser = exchange.getRequest().getHeaders().getAccept().stream()
                .anyMatch(m -> m.isCompatibleWith(MediaType.TEXT_HTML) && !m.isWildcardType());
        response.getHeaders().setContentType(browser ? MediaType.parseMediaType("text/html;charset=UTF-8") : MediaType.APPLICATION_PROBLEM_JSON);
        DataBuffer body = response.bufferFactory().wrap(browser ? PAGE : PROBLEM);
        return response.writeWith(Mono.just(body));
    }

    private boolean passes(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (path.equals("/actuator/health") || path.startsWith("/actuator/health/") || path.startsWith("/api/payments/callback/")) {
            return true;
        }
        String presented = exchange.getRequest().getHeaders().getFirst(TOKEN_HEADER);
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
