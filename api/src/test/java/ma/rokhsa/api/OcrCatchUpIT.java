package ma.rokhsa.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 12, first contact: a scan uploaded while OCR is off is accepted with a warning that its text could
 * not be read (even as a kind that requires text), and is read with OCR once OCR is available: by itself
 * when an instance with OCR starts, and on the administrator's command.
 *
 * <p>This application runs with OCR switched off, on its own data folder (its own PostgreSQL and search
 * node), so that no other test context of the JVM, with OCR, extracts its uploads or reads them again. The
 * instance with OCR is a second application on the same folder, as a worker node: store and extract
 * switched off, so that only this one extracts uploads.
 */
@TestPropertySource(properties = {"rokhsa.extraction.ocr=false", "rokhsa.data-dir=${rokhsa.it.ocr-off-data-dir}"})
@DirtiesContext
class OcrCatchUpIT extends ApiIT {

    static final String DATA = "target/it-data/ocr-off-" + UUID.randomUUID();
    static final String WARNING = "OCR_UNAVAILABLE";
    /** Words of the scan (the Arabic application form) that only OCR can read. */
    static final String WORD = "رخصة";

    static {
        System.setProperty("rokhsa.it.ocr-off-data-dir", DATA);
    }

    @Test
    void aScanUploadedWhileOcrIsOffIsAcceptedWithAWarning() {
        UUID id = newDossier("amina");
        UUID form = uploaded(id, "APPLICATION_FORM", "demande-ar-scan.pdf"); // requires text
        UUID site = uploaded(id, "SITE_PLAN", "demande-ar-scan.pdf");        // does not
        awaitIndexed(id, form, site);
        for (UUID doc : List.of(form, site)) {
            Map<String, Object> d = document("amina", id, doc); // the dossier's view, as reviewers see it
            assertThat(problems(d)).as(d.get("kind") + ": " + d.get("problems")).singleElement().satisfies(p -> {
                assertThat(p.get("code")).isEqualTo(WARNING);
                assertThat(p.get("severity")).isEqualTo("WARNING");
                assertThat(p.get("message")).startsWith("demande-ar-scan.pdf looks like a scan")
                        .contains("character recognition (OCR) is not available", "search will not find its words");
            });
            assertThat(((Map<?, ?>) d.get("metadata")).get("ocr")).isEqualTo(false);
        }
        // The submission checklist takes the form as valid.
        Map<?, ?> checklist = as("amina").get().uri("/api/dossiers/{id}/checklist", id).exchange()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<?>) checklist.get("items")).anySatisfy(i -> {
            assertThat(((Map<?, ?>) i).get("kind")).isEqualTo("APPLICATION_FORM");
            assertThat(((Map<?, ?>) i).get("state")).isEqualTo("VALID");
        });
        // Whoever watches live sees the warning with VALID.
        ServerSentEvent<String> valid = events("amina", id, null)
                .filter(e -> e.data().contains(form.toString()) && e.data().contains("\"VALID\""))
                .blockFirst(Duration.ofSeconds(30));
        assertThat(valid.data()).contains(WARNING);
        // Search does not find its words yet.
        assertThat(kinds(WORD, id)).isEmpty();
    }

    @Test
    void itIsReadWithOcrOnceAnInstanceHasOcrThenOnCommand() throws Exception {
        assumeTrue(new ProcessBuilder("tesseract", "--list-langs").start().waitFor() == 0,
                "tesseract is not installed: no instance can read the scan");
        UUID id = newDossier("amina");
        UUID form = uploaded(id, "APPLICATION_FORM", "demande-ar-scan.pdf");
        UUID site = uploaded(id, "SITE_PLAN", "demande-ar-scan.pdf");
        awaitIndexed(id, form, site);
        assertThat(problems(document("amina", id, form))).extracting(p -> p.get("code")).containsExactly(WARNING);

        try (ConfigurableApplicationContext withOcr = instanceWithOcr()) {
            // At its start-up it scheduled the scans; it reads them, and the index gets their words.
            for (UUID doc : List.of(form, site)) {
                awaitReadWithOcr(id, doc);
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> kinds(WORD, id).size() == 2);
            assertThat(kinds(WORD, id)).containsExactlyInAnyOrder("APPLICATION_FORM", "SITE_PLAN");
            ServerSentEvent<String> read = events("amina", id, null)
                    .filter(e -> "document.text_read".equals(e.event()) && e.data().contains(form.toString()))
                    .blockFirst(Duration.ofSeconds(30));
            JsonNode fact = JsonMapper.builder().build().readTree(read.data());
            assertThat(fact.path("ocr").asBoolean()).isTrue();
            assertThat(fact.path("status").asString()).isIn("VALID", "INDEXED");
            assertThat(fact.path("problems").isArray()).isTrue();
            assertThat(fact.path("problems").size()).isZero();

            // A scan uploaded now (to this instance, OCR off) waits for the command: start-up is past.
            UUID jpeg = uploaded(id, "APPLICATION_FORM", "demande-ar-scan.jpg");
            awaitIndexed(id, jpeg);
            assertThat(problems(document("amina", id, jpeg))).extracting(p -> p.get("code")).containsExactly(WARNING);
            as("youssef").post().uri("/api/admin/documents/reread").exchange().expectStatus().isForbidden();
            as("admin").post().uri("/api/admin/documents/reread").exchange().expectStatus().isAccepted()
                    .expectBody()
                    .jsonPath("$.scheduled").isEqualTo(1)
                    .jsonPath("$.ocrAvailableHere").isEqualTo(false);
            awaitReadWithOcr(id, jpeg);
            await().atMost(Duration.ofMinutes(1)).until(() -> kinds(WORD, id).size() == 3);
        }
    }

    /** A second application on the same database and search node, with OCR: a worker that does not extract uploads. */
    private ConfigurableApplicationContext instanceWithOcr() {
        return new SpringApplicationBuilder(RokhsaApplication.class).run(
                "--server.port=0", "--rokhsa.data-dir=" + DATA, "--rokhsa.extraction.ocr=true",
                "--rokhsa.extraction.threads=1", "--rokhsa.pipeline.poll-interval=1s",
                "--rokhsa.pipeline.initial-backoff=200ms", "--rokhsa.deadlines.check-interval=0",
                "--rokhsa.pipeline.stages.store.enabled=false", "--rokhsa.pipeline.stages.extract.enabled=false");
    }

    /** The warning is gone, the text came from OCR, and the document is still accepted. */
    private void awaitReadWithOcr(UUID dossier, UUID doc) {
        await().atMost(Duration.ofMinutes(3)).until(() -> !problems(document("amina", dossier, doc)).stream()
                .anyMatch(p -> WARNING.equals(p.get("code"))));
        Map<String, Object> d = document("amina", dossier, doc);
        assertThat(d.get("status")).isIn("VALID", "INDEXED");
        assertThat(problems(d)).as(d.get("kind") + ": " + d.get("problems")).isEmpty();
        assertThat(((Map<?, ?>) d.get("metadata")).get("ocr")).isEqualTo(true);
        String text = as("amina").get().uri("/api/documents/{id}/text", doc).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Text-Source", "ocr")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(text).contains(WORD, "البناء", "أزيلال");
    }

    private void awaitIndexed(UUID dossier, UUID... docs) {
        await().atMost(Duration.ofMinutes(2)).until(() -> java.util.Arrays.stream(docs)
                .allMatch(d -> List.of("INDEXED", "REJECTED", "FAILED").contains(document("amina", dossier, d).get("status"))));
        for (UUID d : docs) {
            assertThat(document("amina", dossier, d).get("status")).isEqualTo("INDEXED");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> problems(Map<String, Object> doc) {
        return (List<Map<String, String>>) doc.get("problems");
    }

    /** The kinds of the documents of {@code dossier} that amina finds with {@code q}. */
    @SuppressWarnings("unchecked")
    private List<String> kinds(String q, UUID dossier) {
        Map<String, Object> page = as("amina").get().uri("/api/search?q={q}&size=100", q).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) page.get("hits")).stream()
                .filter(h -> dossier.toString().equals(h.get("dossierId"))).map(h -> (String) h.get("kind")).toList();
    }
}
