package ma.rokhsa.api.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the HTTP integration tests: the whole application on a random port, over the real embedded
 * PostgreSQL (one per test JVM, under target/), called over real HTTP with the demo accounts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rokhsa.pipeline.poll-interval=1s",
        "rokhsa.pipeline.initial-backoff=200ms",
        "rokhsa.events.heartbeat=2s",
        "rokhsa.deadlines.check-interval=0",
        // The tests start from a clean database: no demo dossiers.
        "rokhsa.demo.data=false"
})
@ExtendWith(ThreadDumpOnFailure.class)
public abstract class ApiIT {

    static {
        BlockingGuard.install();
        // A fresh data folder (and so a fresh embedded PostgreSQL) per test run; every context of the run shares it.
        System.setProperty("rokhsa.data-dir", "target/it-data/run-" + UUID.randomUUID());
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected ma.rokhsa.api.config.RokhsaProperties props;

    protected WebTestClient anonymous;

    /**
     * spring-security-test hooks every Reactor subscriber of the JVM to carry its test security context: a
     * test-only cost that also defeats operator fusion. These tests call the app over HTTP with real
     * credentials and never use that context, so the hook is switched off and the app runs as in production
     * (the benchmarks built on this class measure it so).
     */
    @BeforeEach
    void asInProduction() {
        // The listener registers its hook under this key (its CONTEXT_OPERATOR_KEY); no other hook is touched.
        Hooks.resetOnLastOperator(SecurityContext.class.getName());
    }

    @BeforeEach
    void client() {
        anonymous = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(60)).build();
    }

    protected WebTestClient as(String user) {
        return anonymous.mutate().defaultHeaders(h -> h.setBasicAuth(user, "demo")).build();
    }

    /** Opens a small-project building-permit dossier in Béni Mellal as {@code architect}; returns its id. */
    protected UUID newDossier(String architect) {
        return newDossier(architect, "BUILDING_SMALL", "BML");
    }

    protected UUID newDossier(String architect, String type, String commune) {
        Map<?, ?> created = as(architect).post().uri("/api/dossiers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", type, "communeCode", commune, "title", "Maison individuelle R+1",
                        "applicant", Map.of("name", "Ahmed Alaoui", "idNumber", "I123456")))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(created.get("status")).isEqualTo("DRAFT");
        return UUID.fromString((String) created.get("id"));
    }

    protected WebTestClient.ResponseSpec upload(String user, UUID dossier, String kind, Path file) {
        return upload(user, dossier, kind, file, file.getFileName().toString());
    }

    protected WebTestClient.ResponseSpec upload(String user, UUID dossier, String kind, Path file, String name) {
        MultipartBodyBuilder b = new MultipartBodyBuilder();
        b.part("kind", kind);
        b.part("file", new FileSystemResource(file)).filename(name);
        return as(user).post().uri("/api/dossiers/{id}/documents", dossier)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(b.build()))
                .exchange();
    }

    protected Map<String, Object> dossier(String user, UUID id) {
        return as(user).get().uri("/api/dossiers/{id}", id).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    protected Map<String, Object> document(String user, UUID dossier, UUID doc) {
        List<Map<String, Object>> docs = (List<Map<String, Object>>) dossier(user, dossier).get("documents");
        return docs.stream().filter(d -> d.get("id").equals(doc.toString())).findFirst().orElseThrow();
    }

    /** The dossier's SSE stream from {@code lastEventId} (null: from the start). */
    protected Flux<ServerSentEvent<String>> events(String user, UUID dossier, String lastEventId) {
        return as(user).get().uri("/api/dossiers/{id}/events", dossier)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(h -> {
                    if (lastEventId != null) {
                        h.set("Last-Event-ID", lastEventId);
                    }
                })
                .exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .getResponseBody()
                .filter(e -> e.event() != null);
    }

    protected Path dataDir() {
        return props.dataDir();
    }

    // ---- the procedure, step by step, as the demo accounts do it

    protected static final Path FIXTURES = Path.of("../ingest/src/test/resources/fixtures");

    /** A renovation in Béni Mellal with its three required documents valid, submitted by amina. */
    protected UUID submittedRenovation() {
        UUID id = newDossier("amina", "RENOVATION", "BML");
        List<UUID> docs = List.of(
                uploaded(id, "APPLICATION_FORM", "demande-ar.pdf"),
                uploaded(id, "PROPERTY_CERTIFICATE", "certificat-fr.pdf"),
                uploaded(id, "ARCHITECTURAL_PLANS", "plan-a0.pdf"));
        awaitValid(id, docs);
        as("amina").post().uri("/api/dossiers/{id}/submit", id).exchange().expectStatus().isAccepted();
        return id;
    }

    /** Submitted, accepted by youssef (sent to the urban agency), and karim's opinion given. */
    protected UUID reviewedRenovation(String opinion) {
        UUID id = submittedRenovation();
        as("youssef").post().uri("/api/dossiers/{id}/accept", id).exchange().expectStatus().isOk();
        as("karim").post().uri("/api/dossiers/{id}/opinions", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("opinion", opinion, "reasons", List.of("Conforme au plan d'aménagement"),
                        "conditions", "Respecter l'alignement"))
                .exchange().expectStatus().isCreated();
        return id;
    }

    protected WebTestClient.ResponseSpec draft(String user, UUID dossier, String outcome, String reason) {
        return as(user).post().uri("/api/dossiers/{id}/decision", dossier).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("outcome", outcome, "reasons", List.of(Map.of("fr", reason, "ar", "مطابق لتصميم التهيئة"))))
                .exchange();
    }

    /** The architect pays the dossier's fees on the sandbox gateway's page. */
    protected void payFees(UUID dossier, String outcome) {
        Map<?, ?> started = as("amina").post().uri("/api/dossiers/{id}/payments", dossier).exchange()
                .expectStatus().value(s -> assertThat(s).isIn(200, 201))
                .expectBody(Map.class).returnResult().getResponseBody();
        String html = anonymous.get().uri(java.net.URI.create((String) started.get("redirectUrl"))).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        org.springframework.util.MultiValueMap<String, String> form = new org.springframework.util.LinkedMultiValueMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">").matcher(html);
        while (m.find()) {
            form.add(unescape(m.group(1)), unescape(m.group(2)));
        }
        form.set("outcome", outcome);
        anonymous.post().uri("/pay/{oid}/complete", form.getFirst("oid")).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form)).exchange().expectStatus().isSeeOther();
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /**
     * Gives {@code holder} a key ready to sign, the whole procedure: the province contact registered,
     * issued by the admin, shipped, handed over by hassan, PIN (read from the holder's SMS) changed.
     * Returns the new PIN.
     */
    protected String activeKeyFor(String holder) {
        as("admin").put().uri("/api/provinces/BM/contact").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("fullName", "Hassan Ouali", "title", "Chef de division", "phone", "+212600000005",
                        "postalAddress", "Province de Béni Mellal", "email", "hassan@demo.rokhsa.ma", "username", "hassan"))
                .exchange().expectStatus().isOk();
        String key = (String) as("admin").post().uri("/api/signing-keys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("holder", holder)).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        as("admin").post().uri("/api/signing-keys/{id}/ship", key).exchange().expectStatus().isOk();
        as("hassan").post().uri("/api/signing-keys/{id}/handover", key).exchange().expectStatus().isOk();
        List<Map<String, Object>> sms = as(holder).get().uri("/api/me/sms").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { }).returnResult().getResponseBody();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(\\d{6,8})\\b").matcher((String) sms.get(0).get("body"));
        assertThat(m.find()).isTrue();
        String pin = "58213947";
        as(holder).post().uri("/api/signing-keys/{id}/pin", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("oldPin", m.group(1), "newPin", pin)).exchange().expectStatus().isOk();
        return pin;
    }

    /**
     * An account created by the administrator with a temporary password, then given {@code password} by its
     * holder, as the first sign-in requires. {@code fields} are those of {@code POST /api/admin/users}.
     */
    protected void account(Map<String, Object> fields, String password) {
        String username = (String) fields.get("username");
        String temporary = "temporary-" + UUID.randomUUID();
        Map<String, Object> body = new java.util.HashMap<>(fields);
        body.put("password", temporary);
        as("admin").post().uri("/api/admin/users").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated();
        anonymous.post().uri("/api/me/password").headers(h -> h.setBasicAuth(username, temporary))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("currentPassword", temporary, "newPassword", password))
                .exchange().expectStatus().isNoContent();
    }

    /** The path and query of an absolute link the platform printed (the public base URL is not this test server). */
    public static String local(Object url) {
        java.net.URI u = java.net.URI.create((String) url);
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    /** The verification link (with its code) of a document issued on the dossier, as its QR code carries it. */
    protected String verificationLink(String user, UUID dossier, String reference) {
        List<Map<String, Object>> issued = as(user).get().uri("/api/dossiers/{id}/issued", dossier).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { }).returnResult().getResponseBody();
        return local(issued.stream().filter(i -> reference.equals(i.get("reference"))).findFirst().orElseThrow().get("verificationUrl"));
    }

    protected String status(String user, UUID dossier) {
        return (String) dossier(user, dossier).get("status");
    }

    protected UUID uploaded(UUID dossier, String kind, String fixture) {
        Map<?, ?> d = upload("amina", dossier, kind, FIXTURES.resolve(fixture)).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return UUID.fromString((String) d.get("id"));
    }

    protected void awaitValid(UUID dossier, List<UUID> docs) {
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> docs.stream()
                .allMatch(d -> List.of("VALID", "INDEXED").contains(document("amina", dossier, d).get("status"))));
    }
}
