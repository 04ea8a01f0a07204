package ma.rokhsa.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import ma.rokhsa.api.support.AppProcess;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 in the middle of processing, then a restart on the same data: every document finishes, none
 * ends in a wrong state, nothing is lost, and each status event was written exactly once.
 */
class RestartAfterKillIT {

    static final int DOCUMENTS = 40;

    @Test
    void everyDocumentFinishesAfterAKillAndARestart() throws Exception {
        Path data = Files.createDirectories(Path.of("target", "kill-" + UUID.randomUUID()));
        byte[] original = Files.readAllBytes(ExtractionIT.FIXTURES.resolve("demande-ar.pdf"));
        Map<String, String> settings = Map.of(
                "rokhsa.pipeline.lease", "10s",
                "rokhsa.pipeline.poll-interval", "1s",
                "rokhsa.pipeline.stages.extract.concurrency", "1");
        String dossier;
        List<String> shas = new ArrayList<>();
        int unfinishedAtKill;
        try (AppProcess first = AppProcess.start("kill-first", data, settings).awaitReady(Duration.ofMinutes(3))) {
            WebTestClient api = client(first);
            dossier = (String) api.post().uri("/api/dossiers").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("type", "BUILDING_LARGE", "communeCode", "BML", "title", "Immeuble R+4", "applicant", "SCI Atlas"))
                    .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
            List<ServerSentEvent<String>> seen = new CopyOnWriteArrayList<>();
            Disposable watch = api.get().uri("/api/dossiers/{id}/events", dossier).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                    .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { }).getResponseBody()
                    .filter(e -> e.event() != null).subscribe(seen::add);
            // Uploaded 8 at a time, so that they are all in before the single extraction worker is far along,
            // on a fast machine or a loaded one.
            List<byte[]> files = new ArrayList<>();
            for (int i = 0; i < DOCUMENTS; i++) {
                // Distinct files: the same PDF with a different trailing comment (still a valid PDF).
                byte[] bytes = concat(original, ("\n% copy " + i + "\n").getBytes());
                shas.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
                files.add(bytes);
            }
            WebClient uploads = WebClient.builder().baseUrl(first.baseUrl()).defaultHeaders(h -> h.setBasicAuth("amina", "demo")).build();
            List<Integer> created = Flux.range(0, DOCUMENTS).flatMap(i -> {
                MultipartBodyBuilder b = new MultipartBodyBuilder();
                b.part("kind", "PHOTOS");
                b.part("file", new ByteArrayResource(files.get(i))).filename("photo-" + i + ".pdf");
                return uploads.post().uri("/api/dossiers/{id}/documents", dossier).contentType(MediaType.MULTIPART_FORM_DATA)
                        .body(BodyInserters.fromMultipartData(b.build()))
                        .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()));
            }, 8).collectList().block(Duration.ofMinutes(2));
            assertThat(created).hasSize(DOCUMENTS).containsOnly(201);
            // Kill as soon as a few documents are done: the rest are queued or being processed.
            await().atMost(Duration.ofMinutes(2)).until(() -> seen.stream().filter(e -> e.data().contains("\"VALID\"")).count() >= 3);
            unfinishedAtKill = DOCUMENTS - (int) seen.stream().filter(e -> e.data().contains("\"VALID\"")).count();
            first.kill9();
            watch.dispose();
        }
        assertThat(unfinishedAtKill).as("documents still in the pipeline when killed").isGreaterThanOrEqualTo(5);

        try (AppProcess second = AppProcess.start("kill-second", data, settings).awaitReady(Duration.ofMinutes(3))) {
            WebTestClient api = client(second);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                List<Map<String, Object>> docs = documents(api, dossier);
                return docs.size() == DOCUMENTS && docs.stream().allMatch(d -> List.of("VALID", "INDEXED").contains(d.get("status")));
            });
            List<Map<String, Object>> docs = documents(api, dossier);
            assertThat(docs).extracting(d -> (String) d.get("sha256")).containsExactlyInAnyOrderElementsOf(shas);
            // The bytes are all there, intact.
            for (Map<String, Object> d : docs) {
                byte[] back = api.get().uri("/api/documents/{id}/content", d.get("id")).exchange().expectStatus().isOk()
                        .expectBody(byte[].class).returnResult().getResponseBody();
                assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(back))).isEqualTo(d.get("sha256"));
            }
            // Each document went through each status exactly once, in order.
            List<ServerSentEvent<String>> history = api.get().uri("/api/dossiers/{id}/events", dossier).accept(MediaType.TEXT_EVENT_STREAM)
                    .exchange().returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { }).getResponseBody()
                    .filter(e -> e.event() != null).take(Duration.ofSeconds(3)).collectList().block(Duration.ofSeconds(10));
            for (Map<String, Object> d : docs) {
                List<String> statuses = history.stream().filter(e -> e.data().contains((String) d.get("id")))
                        .map(e -> tools.jackson.databind.json.JsonMapper.builder().build().readTree(e.data()).path("status").asString())
                        .filter(s -> !s.equals("INDEXED")).toList();
                assertThat(statuses).as("events of %s", d.get("fileName")).containsExactly("RECEIVED", "STORED", "EXTRACTED", "VALID");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(WebTestClient api, String dossier) {
        Map<String, Object> d = api.get().uri("/api/dossiers/{id}", dossier).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
        return (List<Map<String, Object>>) d.get("documents");
    }

    private static WebTestClient client(AppProcess app) {
        return WebTestClient.bindToServer().baseUrl(app.baseUrl()).responseTimeout(Duration.ofSeconds(60))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
                .defaultHeaders(h -> h.setBasicAuth("amina", "demo")).build();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
