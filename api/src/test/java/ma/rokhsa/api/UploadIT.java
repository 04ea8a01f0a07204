package ma.rokhsa.api;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Streaming upload: the size limit, interrupted uploads, duplicates, names, and who may upload. */
@TestPropertySource(properties = "rokhsa.upload.max-file-size=2MB")
class UploadIT extends ApiIT {

    @TempDir
    Path tmp;

    @Test
    void aFileOverTheLimitIsRefusedAndLeavesNothingBehind() throws IOException {
        UUID id = newDossier("amina");
        Path big = tmp.resolve("plans.pdf");
        byte[] chunk = new byte[1 << 20];
        new Random(1).nextBytes(chunk);
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 3; i++) {
                out.write(chunk);
            }
        }
        upload("amina", id, "ARCHITECTURAL_PLANS", big).expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.code").isEqualTo("FILE_TOO_LARGE")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("2 MB"));
        assertThat((List<?>) dossier("amina", id).get("documents")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(this::noPartialFiles);
    }

    @Test
    void anInterruptedUploadLeavesNothingBehind() throws Exception {
        UUID id = newDossier("amina");
        String boundary = "----rokhsa" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nSITE_PLAN\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"site.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n";
        try (Socket s = new Socket("localhost", port)) {
            OutputStream out = s.getOutputStream();
            String auth = Base64.getEncoder().encodeToString("amina:demo".getBytes(StandardCharsets.UTF_8));
            out.write(("POST /api/dossiers/" + id + "/documents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nContent-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[200_000]);
            out.flush();
            // The client goes away in the middle of the file.
        }
        await().atMost(Duration.ofSeconds(10)).until(this::noPartialFiles);
        assertThat((List<?>) dossier("amina", id).get("documents")).isEmpty();
        // The server is fine and the dossier still takes uploads.
        upload("amina", id, "SITE_PLAN", DossierFlowIT.FRENCH_PDF).expectStatus().isCreated();
    }

    @Test
    void theSameContentTwiceIsRecognised() {
        UUID id = newDossier("amina");
        Map<?, ?> first = upload("amina", id, "SITE_PLAN", DossierFlowIT.FRENCH_PDF).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> again = upload("amina", id, "SITE_PLAN", DossierFlowIT.FRENCH_PDF, "copie.pdf").expectStatus().isOk()
                .expectHeader().valueEquals("X-Duplicate-Of", (String) first.get("id"))
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(again.get("id")).isEqualTo(first.get("id"));
        assertThat((List<?>) dossier("amina", id).get("documents")).hasSize(1);
    }

    @Test
    void theSameContentUploadedConcurrentlyIsKeptOnce() throws Exception {
        UUID id = newDossier("amina");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<org.springframework.test.web.reactive.server.EntityExchangeResult<Map>>> answers =
                    new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> upload("amina", id, "SITE_PLAN", DossierFlowIT.FRENCH_PDF)
                        .expectBody(Map.class).returnResult()));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            java.util.Set<Object> ids = new java.util.HashSet<>();
            for (var a : answers) {
                var r = a.get(2, java.util.concurrent.TimeUnit.MINUTES);
                statuses.add(r.getStatus().value());
                ids.add(r.getResponseBody().get("id"));
            }
            assertThat(statuses).as("one upload creates the document, the others find it").containsOnly(201, 200)
                    .filteredOn(s -> s == 201).hasSize(1);
            assertThat(ids).hasSize(1);
            assertThat((List<?>) dossier("amina", id).get("documents")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fileNamesAreSanitised() {
        UUID id = newDossier("amina");
        upload("amina", id, "SITE_PLAN", DossierFlowIT.FRENCH_PDF, "../../etc/\u0000passwd<1>.pdf").expectStatus().isCreated()
                .expectBody().jsonPath("$.fileName").isEqualTo("_passwd_1_.pdf");
        upload("amina", id, "CADASTRAL_PLAN", DossierFlowIT.FRENCH_PDF, "مخطط الموقع.pdf").expectStatus().isCreated()
                .expectBody().jsonPath("$.fileName").isEqualTo("مخطط الموقع.pdf");
    }

    @Test
    void uploadsThatAreWrongBeforeTheirContentAreRefused() throws IOException {
        UUID id = newDossier("amina");
        Path empty = Files.createFile(tmp.resolve("empty.pdf"));
        upload("amina", id, "SITE_PLAN", empty).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("EMPTY_FILE");
        upload("amina", id, "BLUEPRINTS", DossierFlowIT.FRENCH_PDF).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("KIND_NOT_IN_CHECKLIST")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("ARCHITECTURAL_PLANS"));
        upload("amina", id, "", DossierFlowIT.FRENCH_PDF).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("KIND_MISSING");
        assertThat((List<?>) dossier("amina", id).get("documents")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(this::noPartialFiles);
        // Someone else's dossier: not found, whatever the role.
        upload("omar", id, "SITE_PLAN", DossierFlowIT.FRENCH_PDF).expectStatus().isNotFound();
        upload("youssef", id, "SITE_PLAN", DossierFlowIT.FRENCH_PDF).expectStatus().isNotFound();
    }

    private boolean noPartialFiles() throws IOException {
        Path incoming = dataDir().resolve("incoming");
        try (Stream<Path> files = Files.list(incoming)) {
            return files.noneMatch(p -> p.getFileName().toString().endsWith(".part"));
        }
    }
}
