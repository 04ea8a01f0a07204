package ma.rokhsa.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The foundation flow over HTTP: reference data, a dossier, an upload through the pipeline, its events and bytes. */
class DossierFlowIT extends ApiIT {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.r2dbc.core.DatabaseClient db;
    @org.springframework.beans.factory.annotation.Autowired
    ma.rokhsa.api.upload.StreamingReceiver receiver;
    @org.springframework.beans.factory.annotation.Autowired
    ma.rokhsa.api.pipeline.TaskQueue queue;

    static final Path FRENCH_PDF = Path.of("src/test/resources/files/certificat-fr.pdf");

    @Test
    void referenceDataIsPublicAndBilingual() {
        List<Map<String, Object>> communes = anonymous.get().uri("/api/communes").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { }).returnResult().getResponseBody();
        assertThat(communes).extracting(c -> c.get("provinceCode")).contains("BM", "AZ", "FBS", "KH", "KG");
        assertThat(communes).anySatisfy(c -> {
            assertThat(c.get("code")).isEqualTo("BML");
            assertThat(c.get("name")).isEqualTo("Béni Mellal");
            assertThat(c.get("nameAr")).isEqualTo("بني ملال");
            assertThat(c.get("provinceName")).isEqualTo("Béni Mellal");
        });

        List<Map<String, Object>> types = anonymous.get().uri("/api/dossier-types").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { }).returnResult().getResponseBody();
        assertThat(types).extracting(t -> t.get("code")).contains("BUILDING_SMALL", "BUILDING_LARGE", "HABITATION_PERMIT",
                "DEMOLITION", "RENOVATION", "SIMPLE_DECLARATION");
        Map<String, Object> small = types.stream().filter(t -> t.get("code").equals("BUILDING_SMALL")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> kinds = (List<Map<String, Object>>) small.get("requiredKinds");
        assertThat(kinds).anySatisfy(k -> {
            assertThat(k.get("code")).isEqualTo("ARCHITECTURAL_PLANS");
            assertThat(k.get("acceptedTypes")).isEqualTo(List.of("application/pdf"));
        });
    }

    @Test
    void everythingElseNeedsAnAccount() {
        anonymous.get().uri("/api/dossiers").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueMatches("WWW-Authenticate", "Basic.*")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        anonymous.mutate().defaultHeaders(h -> h.setBasicAuth("amina", "wrong")).build()
                .get().uri("/api/dossiers").exchange().expectStatus().isUnauthorized();
        as("amina").get().uri("/actuator/prometheus").exchange().expectStatus().isForbidden();
        as("admin").get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("rokhsa_pipeline_queue_depth"));
        anonymous.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        // PostgreSQL is in readiness under its usual name (our time-limited check replaces Boot's).
        as("admin").get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.r2dbc.status").isEqualTo("UP");
        anonymous.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("/api/dossiers/{id}/documents"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void createUploadAndWatchTheDocumentGoThroughThePipeline() throws Exception {
        UUID id = newDossier("amina");
        Map<String, Object> dossier = dossier("amina", id);
        assertThat((String) dossier.get("reference")).matches("BML-\\d{4}-\\d{6}");
        assertThat(dossier.get("status")).isEqualTo("DRAFT");

        Map<?, ?> doc = upload("amina", id, "SITE_PLAN", FRENCH_PDF).expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/documents/.*")
                .expectBody(Map.class).returnResult().getResponseBody();
        byte[] bytes = Files.readAllBytes(FRENCH_PDF);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(doc.get("sha256")).isEqualTo(sha);
        assertThat(((Number) doc.get("size")).longValue()).isEqualTo(bytes.length);
        assertThat(doc.get("fileName")).isEqualTo("certificat-fr.pdf");
        assertThat(doc.get("kind")).isEqualTo("SITE_PLAN");
        // The upload answers once the file is in the blob store and the document handed to extraction.
        assertThat(doc.get("status")).isIn("STORED", "EXTRACTED", "VALID", "REJECTED", "INDEXED");
        UUID docId = UUID.fromString((String) doc.get("id"));

        // The stream replays the history then goes live: RECEIVED then STORED, each with an id and a type.
        List<ServerSentEvent<String>> seen = events("amina", id, null)
                .takeUntil(e -> e.data().contains("\"STORED\""))
                .collectList().block(Duration.ofSeconds(30));
        assertThat(seen).extracting(ServerSentEvent::event).containsSubsequence("dossier.status", "document.status", "document.status");
        assertThat(seen).allSatisfy(e -> assertThat(e.id()).matches("\\d+"));
        assertThat(seen.stream().filter(e -> "document.status".equals(e.event())).map(ServerSentEvent::data))
                .anySatisfy(d -> assertThat(d).contains("\"RECEIVED\"").contains(docId.toString()))
                .anySatisfy(d -> assertThat(d).contains("\"STORED\""));

        // The original bytes come back, whole or by range, with the right type.
        byte[] back = as("amina").get().uri("/api/documents/{id}/content", docId).exchange().expectStatus().isOk()
                .expectHeader().contentType("application/pdf")
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(back).isEqualTo(bytes);
        byte[] range = as("amina").get().uri("/api/documents/{id}/content", docId).header("Range", "bytes=0-7")
                .exchange().expectStatus().isEqualTo(206).expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(new String(range)).isEqualTo("%PDF-1.4");

        // Listing shows it; the checklist shows what is still missing; submit is refused with the list.
        Map<?, ?> page = as("amina").get().uri("/api/dossiers?status=DRAFT").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<?>) page.get("items")).anySatisfy(i -> assertThat(((Map<?, ?>) i).get("id")).isEqualTo(id.toString()));
        Map<?, ?> checklist = as("amina").get().uri("/api/dossiers/{id}/checklist", id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(checklist.get("complete")).isEqualTo(false);
        assertThat((List<Object>) checklist.get("missing")).contains("APPLICATION_FORM", "ARCHITECTURAL_PLANS").doesNotContain("SITE_PLAN");
        as("amina").post().uri("/api/dossiers/{id}/submit", id).exchange().expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("DOSSIER_INCOMPLETE")
                .jsonPath("$.missing").value(m -> assertThat((List<Object>) m).contains("APPLICATION_FORM"))
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("Formulaire de demande"));
    }

    /**
     * Upgrade path: a document an earlier version recorded RECEIVED, its file still in the incoming folder
     * and its task in the store stage, is stored and extracted like any other.
     */
    @Test
    void aDocumentLeftReceivedByAnEarlierVersionGoesThroughThePipeline() throws Exception {
        UUID id = newDossier("amina");
        UUID docId = UUID.randomUUID();
        byte[] bytes = Files.readAllBytes(FRENCH_PDF);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Files.copy(FRENCH_PDF, receiver.incomingDir().resolve(docId.toString()));
        db.sql("""
                INSERT INTO document (id, dossier_id, kind, file_name, declared_type, size, sha256, status, uploaded_by)
                SELECT :id, :d, 'SITE_PLAN', 'ancien.pdf', 'application/pdf', :size, :sha, 'RECEIVED', id
                FROM app_user WHERE username = 'amina'""")
                .bind("id", docId).bind("d", id).bind("size", (long) bytes.length).bind("sha", sha)
                .then().then(queue.enqueue(docId, "store")).block(Duration.ofSeconds(10));

        awaitValid(id, List.of(docId));
        byte[] back = as("amina").get().uri("/api/documents/{id}/content", docId).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(back).isEqualTo(bytes);
        assertThat(receiver.incomingDir().resolve(docId.toString())).doesNotExist();
    }

    /**
     * Regression: an earlier reader of the multipart stream (windowUntil + switchOnFirst) silently lost
     * one 8 KB buffer somewhere past 100 MB. A large random file must arrive byte for byte.
     */
    @Test
    void aLargeUploadArrivesByteForByte(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        UUID id = newDossier("amina");
        Path big = tmp.resolve("plans-a0.pdf");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1 << 20];
        java.util.Random rnd = new java.util.Random(42);
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 190; i++) {
                rnd.nextBytes(chunk);
                out.write(chunk);
                md.update(chunk);
            }
        }
        // A plain WebClient, streaming the file: WebTestClient would keep a copy of the whole body in memory.
        MultipartBodyBuilder b = new MultipartBodyBuilder();
        b.part("kind", "ARCHITECTURAL_PLANS");
        b.part("file", new FileSystemResource(big)).filename(big.getFileName().toString());
        Map<String, Object> stored = WebClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBasicAuth("amina", "demo")).build()
                .post().uri("/api/dossiers/{id}/documents", id).contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(b.build()))
                .exchangeToMono(r -> {
                    assertThat(r.statusCode().value()).isEqualTo(201);
                    return r.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() { });
                })
                .block(Duration.ofMinutes(2));
        assertThat(((Number) stored.get("size")).longValue()).isEqualTo(190L * (1 << 20));
        assertThat(stored.get("sha256")).isEqualTo(HexFormat.of().formatHex(md.digest()));
    }

    @Test
    void badRequestsGetProblemsThatSayWhatToFix() {
        as("amina").post().uri("/api/dossiers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "CASTLE", "communeCode", "BML", "title", "x", "applicant", "A"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("UNKNOWN_DOSSIER_TYPE")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("BUILDING_SMALL"));
        as("amina").post().uri("/api/dossiers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "BUILDING_SMALL", "communeCode", "NOWHERE", "title", "x", "applicant", "A"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("UNKNOWN_COMMUNE");
        as("amina").post().uri("/api/dossiers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "BUILDING_SMALL", "communeCode", "BML"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("title").contains("applicant"));
        as("amina").post().uri("/api/dossiers").contentType(MediaType.APPLICATION_JSON).bodyValue("{not json")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
        as("youssef").post().uri("/api/dossiers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "BUILDING_SMALL", "communeCode", "BML", "title", "x", "applicant", "A"))
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("ROLE_NOT_ALLOWED");
        as("amina").get().uri("/api/dossiers/{id}", "not-a-uuid").exchange().expectStatus().isBadRequest();
        as("amina").get().uri("/api/dossiers?status=NOPE").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("UNKNOWN_STATUS");
    }

    @Test
    void listFiltersByProcedureBeforePaging() {
        UUID renovation = newDossier("amina", "RENOVATION", "BML");
        UUID building = newDossier("amina", "BUILDING_SMALL", "BML");
        Map<?, ?> page = as("amina").get().uri("/api/dossiers?type=RENOVATION&size=200").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        List<?> items = (List<?>) page.get("items");
        assertThat(items).isNotEmpty().allSatisfy(i -> assertThat(((Map<?, ?>) i).get("type")).isEqualTo("RENOVATION"));
        assertThat(items).anySatisfy(i -> assertThat(((Map<?, ?>) i).get("id")).isEqualTo(renovation.toString()))
                .noneSatisfy(i -> assertThat(((Map<?, ?>) i).get("id")).isEqualTo(building.toString()));
        // The total counts the renovations only, so that the pages add up.
        long all = ((Number) as("amina").get().uri("/api/dossiers?size=1").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("total")).longValue();
        long renovations = ((Number) page.get("total")).longValue();
        assertThat(renovations).isGreaterThanOrEqualTo(items.size()).isLessThan(all);
        if (renovations <= 200) {
            assertThat(items).hasSize((int) renovations);
        }
    }
}
