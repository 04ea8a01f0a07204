package ma.rokhsa.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import ma.rokhsa.api.support.AppProcess;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one database: an API node with every stage switched off, and a worker node. The
 * worker does the pipeline work, and the events it writes reach a client connected to the API node.
 */
class MultiInstanceIT {

    @Test
    void workersRunApartFromApiNodesAndEventsCrossInstances() throws Exception {
        Path data = Files.createDirectories(Path.of("target", "multi-" + UUID.randomUUID()));
        int pgPort = AppProcess.freePort();
        String jdbc = "jdbc:postgresql://localhost:" + pgPort + "/postgres";
        try (AppProcess apiNode = AppProcess.start("multi-api", data, Map.of(
                     "rokhsa.database.embedded-port", String.valueOf(pgPort),
                     "rokhsa.pipeline.stages.store.enabled", "false",
                     "rokhsa.pipeline.stages.extract.enabled", "false",
                     "rokhsa.pipeline.stages.index.enabled", "false",
                     "rokhsa.pipeline.stages.reread.enabled", "false")).awaitReady(Duration.ofMinutes(2));
             AppProcess worker = AppProcess.start("multi-worker", data, Map.of(
                     "rokhsa.database.embedded", "false",
                     "spring.r2dbc.url", "r2dbc:postgresql://localhost:" + pgPort + "/postgres",
                     "spring.r2dbc.username", "postgres",
                     "spring.flyway.url", jdbc,
                     "spring.flyway.user", "postgres")).awaitReady(Duration.ofMinutes(2))) {

            WebTestClient api = client(apiNode, "amina");
            Map<?, ?> created = api.post().uri("/api/dossiers").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("type", "BUILDING_SMALL", "communeCode", "BML", "title", "Deux instances", "applicant", "A. B."))
                    .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
            String id = (String) created.get("id");

            // A client on the worker node watches too: it sees the RECEIVED written by the API node.
            List<ServerSentEvent<String>> onApi = new CopyOnWriteArrayList<>();
            List<ServerSentEvent<String>> onWorker = new CopyOnWriteArrayList<>();
            Disposable a = subscribe(api, id, onApi);
            Disposable w = subscribe(client(worker, "amina"), id, onWorker);
            try {
                MultipartBodyBuilder b = new MultipartBodyBuilder();
                b.part("kind", "SITE_PLAN");
                b.part("file", new FileSystemResource(DossierFlowIT.FRENCH_PDF));
                api.post().uri("/api/dossiers/{id}/documents", id).contentType(MediaType.MULTIPART_FORM_DATA)
                        .body(BodyInserters.fromMultipartData(b.build())).exchange().expectStatus().isCreated();

                // EXTRACTED is written by the worker (the API node runs no stage) and reaches the API node's client.
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(onApi).anySatisfy(e -> assertThat(e.data()).contains("\"EXTRACTED\"")));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(onWorker).anySatisfy(e -> assertThat(e.data()).contains("\"RECEIVED\"")));
            } finally {
                a.dispose();
                w.dispose();
            }

            // A browser signed in on one instance stays signed in on the other: sessions live in PostgreSQL.
            WebTestClient anonymousApi = WebTestClient.bindToServer().baseUrl(apiNode.baseUrl()).build();
            var loginPage = anonymousApi.get().uri("/login").exchange().expectStatus().isOk().expectBody(String.class).returnResult();
            String xsrf = loginPage.getResponseCookies().getFirst("XSRF-TOKEN").getValue();
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(loginPage.getResponseBody());
            assertThat(token.find()).isTrue();
            org.springframework.util.MultiValueMap<String, String> form = new org.springframework.util.LinkedMultiValueMap<>();
            form.add("_csrf", token.group(1));
            form.add("username", "amina");
            form.add("password", "demo");
            String session = anonymousApi.post().uri("/login").cookie("XSRF-TOKEN", xsrf).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(BodyInserters.fromFormData(form)).exchange().expectStatus().isSeeOther()
                    .expectBody().returnResult().getResponseCookies().getFirst("RSESSION").getValue();
            String onOther = WebTestClient.bindToServer().baseUrl(worker.baseUrl()).build().get().uri("/dossiers").cookie("RSESSION", session)
                    .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            assertThat(onOther).contains("Deux instances");
        }
    }

    private static WebTestClient client(AppProcess app, String user) {
        return WebTestClient.bindToServer().baseUrl(app.baseUrl()).responseTimeout(Duration.ofSeconds(60))
                .defaultHeaders(h -> h.setBasicAuth(user, "demo")).build();
    }

    private static Disposable subscribe(WebTestClient c, String id, List<ServerSentEvent<String>> into) {
        return c.get().uri("/api/dossiers/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { }).getResponseBody()
                .filter(e -> e.event() != null).subscribe(into::add);
    }
}
