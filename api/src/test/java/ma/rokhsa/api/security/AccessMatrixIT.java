package ma.rokhsa.api.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.AntPathMatcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the OpenAPI document, called by every role and by nobody, on resources that are not
 * theirs (identifiers nobody holds) and with bodies that are not right: a caller without an account gets
 * 401 wherever an account is needed; a role an operation is not for gets 403 (or 404: it does not see the
 * resource); nothing answers 5xx. The document drives it, so a new endpoint is covered the day it appears.
 */
@TestPropertySource(properties = {"rokhsa.verify.per-address=10000", "rokhsa.public-figures.per-address-per-minute=10000"})
// Its own settings make its own application context: closed after it, not kept for the rest of the run.
@DirtiesContext
class AccessMatrixIT extends ApiIT {

    /** One demo account per role, and nobody. */
    private static final Map<String, Role> CALLERS = new LinkedHashMap<>();

    static {
        CALLERS.put("amina", Role.ARCHITECT);
        CALLERS.put("youssef", Role.REVIEWER);
        CALLERS.put("karim", Role.COMMISSION_MEMBER);
        CALLERS.put("fatima", Role.SIGNATORY);
        CALLERS.put("hassan", Role.PROVINCE_CONTACT);
        CALLERS.put("admin", Role.ADMIN);
    }

    /** Operations meant for one role (method and path pattern): every other role is refused. */
    private static final Map<String, Role> FOR_ONE_ROLE = Map.of(
            "POST /api/dossiers", Role.ARCHITECT,
            "* /api/admin/**", Role.ADMIN,
            "POST /api/signing-keys", Role.ADMIN,
            "PUT /api/provinces/*/contact", Role.ADMIN,
            "GET /actuator/prometheus", Role.ADMIN);

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    private final AntPathMatcher paths = new AntPathMatcher();

    record Outcome(String caller, String operation, int status, String body) {
        @Override
        public String toString() {
            return caller + " " + operation + " -> " + status + (body.isEmpty() ? "" : " " + body.substring(0, Math.min(200, body.length())));
        }
    }

    @Test
    void everyOperationRefusesWhoItIsNotFor() {
        JsonNode api = JsonMapper.builder().build().readTree(anonymous.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        List<Outcome> outcomes = new ArrayList<>();
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = api.path("paths").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().properties().iterator(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                operations++;
                HttpMethod method = HttpMethod.valueOf(op.getKey().toUpperCase());
                String uri = concrete(path.getKey());
                outcomes.add(call("anonymous", anonymous, method, uri, op.getValue()));
                for (String user : CALLERS.keySet()) {
                    outcomes.add(call(user, as(user), method, uri, op.getValue()));
                }
            }
        }
        assertThat(operations).as("operations in the OpenAPI document").isGreaterThan(50);

        List<Outcome> wrong = new ArrayList<>();
        for (Outcome o : outcomes) {
            String path = o.operation().substring(o.operation().indexOf(' ') + 1);
            String method = o.operation().substring(0, o.operation().indexOf(' '));
            boolean isPublic = isPublic(path);
            if (o.status() >= 500) {
                wrong.add(o);
            } else if (o.caller().equals("anonymous") && !isPublic && o.status() != 401
                    && !(isPage(path) && (o.status() == 302 || o.status() == 303))) {
                // (a page sends a browser to the sign-in page instead)
                wrong.add(o);
            } else if (!o.caller().equals("anonymous")) {
                Role only = onlyFor(method, path);
                if (only != null && CALLERS.get(o.caller()) != only && o.status() != 403 && o.status() != 404) {
                    wrong.add(o);
                }
            }
        }
        assertThat(wrong).as("calls answered otherwise than 401 (no account), 403/404 (not theirs) or 4xx (not right)").isEmpty();
    }

    private Outcome call(String caller, WebTestClient client, HttpMethod method, String uri, JsonNode op) {
        String declared = declaredPath(uri);
        WebTestClient.RequestBodySpec spec = client.mutate().responseTimeout(Duration.ofSeconds(30)).build()
                .method(method).uri(uri);
        JsonNode content = op.path("requestBody").path("content");
        WebTestClient.RequestHeadersSpec<?> request = spec;
        if (content.has("application/json")) {
            request = spec.contentType(MediaType.APPLICATION_JSON).bodyValue("{}");
        } else if (content.has("application/pdf")) {
            request = spec.contentType(MediaType.APPLICATION_PDF).bodyValue("not a pdf".getBytes());
        } else if (content.has("multipart/form-data")) {
            request = spec.contentType(MediaType.MULTIPART_FORM_DATA).bodyValue(new org.springframework.util.LinkedMultiValueMap<String, Object>());
        } else if (content.has("application/x-www-form-urlencoded")) {
            request = spec.contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("a=b");
        } else if (!content.isMissingNode() && content.size() > 0) {
            request = spec.contentType(MediaType.parseMediaType(content.properties().iterator().next().getKey())).bodyValue(new byte[] {1, 2, 3});
        }
        FluxExchangeResult<String> result = request.accept(MediaType.ALL).exchange().returnResult(String.class);
        int status = result.getStatus().value();
        boolean stream = MediaType.TEXT_EVENT_STREAM.isCompatibleWith(result.getResponseHeaders().getContentType());
        String body = "";
        if (!stream && status >= 400) {
            body = String.join("", result.getResponseBody().take(Duration.ofSeconds(5)).collectList().block(Duration.ofSeconds(10)));
        } else {
            // A live stream (or a file): the status is what is checked; the connection is let go.
            result.getResponseBody().take(Duration.ofMillis(1)).blockLast(Duration.ofSeconds(5));
        }
        return new Outcome(caller, method.name() + " " + declared, status, body);
    }

    /** The path with identifiers nobody holds: random UUIDs, unknown codes and references. */
    private String concrete(String template) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = switch (name) {
                case "id" -> UUID.randomUUID().toString();
                case "reference" -> "BML-2026-999999-P";
                case "date" -> "2026-01-01";
                case "gateway" -> "nowhere";
                default -> "ZZ";
            };
            m.appendReplacement(out, value);
        }
        m.appendTail(out);
        // Remember which template the concrete path came from.
        declared.put(out.toString(), template);
        return out.toString();
    }

    private final Map<String, String> declared = new LinkedHashMap<>();

    private String declaredPath(String uri) {
        return declared.getOrDefault(uri, uri);
    }

    private static boolean isPage(String template) {
        return !(template.startsWith("/api/") || template.startsWith("/actuator") || template.startsWith("/v3/")
                || template.startsWith("/pki/"));
    }

    private boolean isPublic(String template) {
        String probe = VARIABLE.matcher(template).replaceAll("x");
        for (String p : SecurityConfig.PUBLIC) {
            if (paths.match(p, probe)) {
                return true;
            }
        }
        return false;
    }

    private Role onlyFor(String method, String template) {
        String probe = VARIABLE.matcher(template).replaceAll("x");
        for (Map.Entry<String, Role> e : FOR_ONE_ROLE.entrySet()) {
            String[] parts = e.getKey().split(" ", 2);
            if ((parts[0].equals("*") || parts[0].equals(method)) && paths.match(parts[1], probe)) {
                return e.getValue();
            }
        }
        return null;
    }
}
