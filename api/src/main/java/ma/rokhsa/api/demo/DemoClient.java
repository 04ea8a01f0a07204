package ma.rokhsa.api.demo;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * The demo seed's way in: the application's own HTTP API on this instance, with the demo accounts
 * (password {@code demo}) and the gate's token, exactly as users' clients call it. A refusal fails the
 * call with the problem the application answered.
 */
final class DemoClient {

    static final String PASSWORD = "demo";
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

    private final WebClient http;

    DemoClient(int port, String gateToken) {
        this.http = WebClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create().responseTimeout(Duration.ofSeconds(60))))
                .defaultHeader(DemoDataGate.TOKEN_HEADER, gateToken)
                .build();
    }

    /** A refused call: what was asked, and the application's answer. */
    static final class Refused extends RuntimeException {
        Refused(String call, int status, String body) {
            super(call + " -> " + status + " " + body, null, false, false);
        }
    }

    Mono<JsonNode> get(String user, String path, Object... vars) {
        return json(http.get().uri(path, vars).headers(h -> h.setBasicAuth(user, PASSWORD)), "GET " + path + " as " + user);
    }

    Mono<JsonNode> post(String user, String path, Object body, Object... vars) {
        WebClient.RequestBodySpec spec = http.post().uri(path, vars).headers(h -> h.setBasicAuth(user, PASSWORD));
        return json(body == null ? spec : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body), "POST " + path + " as " + user);
    }

    Mono<JsonNode> put(String user, String path, Object body, Object... vars) {
        return json(http.method(HttpMethod.PUT).uri(path, vars).headers(h -> h.setBasicAuth(user, PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body), "PUT " + path + " as " + user);
    }

    /** Uploads a file as multipart ({@code kind}, {@code file}), streamed like a browser does. */
    Mono<JsonNode> upload(String user, UUID dossier, String kind, String fileName, byte[] pdf) {
        MultipartBodyBuilder b = new MultipartBodyBuilder();
        b.part("kind", kind);
        b.part("file", new ByteArrayResource(pdf) {
            @Override
            public String getFilename() {
                return fileName;
            }
        }).contentType(MediaType.APPLICATION_PDF);
        return json(http.post().uri("/api/dossiers/{id}/documents", dossier).headers(h -> h.setBasicAuth(user, PASSWORD))
                .contentType(MediaType.MULTIPART_FORM_DATA).body(BodyInserters.fromMultipartData(b.build())),
                "upload " + fileName + " as " + kind);
    }

    /**
     * Pays on the sandbox gateway's page as a payer's browser would: opens the page the platform redirects
     * to, presses "Pay" (or "Fail") with the order's hidden fields; the gateway then posts its signed
     * callback to the platform. Returns where the browser is sent back to.
     */
    Mono<URI> payOnGatewayPage(URI page, boolean pay) {
        return http.get().uri(page).exchangeToMono(r -> text(r, "GET " + page.getPath()))
                .flatMap(html -> {
                    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
                    Matcher m = HIDDEN.matcher(html);
                    while (m.find()) {
                        form.add(unescape(m.group(1)), unescape(m.group(2)));
                    }
                    form.set("outcome", pay ? "pay" : "fail");
                    return http.post().uri("/pay/{oid}/complete", form.getFirst("oid"))
                            .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(form))
                            .exchangeToMono(r -> r.statusCode().value() == 303
                                    ? Mono.justOrEmpty(r.headers().asHttpHeaders().getLocation())
                                    : text(r, "pay order " + form.getFirst("oid")).flatMap(b -> Mono.error(
                                            new Refused("pay order " + form.getFirst("oid"), r.statusCode().value(), b))));
                });
    }

    private static Mono<JsonNode> json(WebClient.RequestHeadersSpec<?> spec, String call) {
        return spec.accept(MediaType.APPLICATION_JSON).exchangeToMono(r -> r.statusCode().is2xxSuccessful()
                ? r.bodyToMono(JsonNode.class).defaultIfEmpty(tools.jackson.databind.node.MissingNode.getInstance())
                : r.bodyToMono(String.class).defaultIfEmpty("").flatMap(b -> Mono.error(new Refused(call, r.statusCode().value(), b))));
    }

    private static Mono<String> text(ClientResponse r, String call) {
        return r.bodyToMono(String.class).defaultIfEmpty("").flatMap(b -> r.statusCode().is2xxSuccessful() ? Mono.just(b)
                : Mono.error(new Refused(call, r.statusCode().value(), b)));
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** A JSON body from a map, for readability at call sites. */
    static Map<String, Object> body(Object... keyValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                m.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }
}
