package ma.rokhsa.api;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ma.rokhsa.api.support.ApiIT;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Extraction and validation over HTTP, on the fixture corpus of the ingest module: every good and bad
 * file gets its exact outcome and problem code (at upload when the first bytes tell, after the pipeline
 * otherwise), the text of the samples comes out right, and the service is healthy after the whole corpus.
 */
class ExtractionIT extends ApiIT {

    static final Path FIXTURES = Path.of("../ingest/src/test/resources/fixtures");

    @TempDir
    Path tmp;

    record Case(String file, String kind, String status, String code) {
    }

    @Test
    void everyFixtureGetsItsExactOutcome() throws Exception {
        UUID id = newDossier("amina", "BUILDING_SMALL", "BML");
        // Refused at upload, from the first bytes: nothing stored.
        refusedAtUpload(id, "elf-executable.pdf", "ARCHITECTURAL_PLANS", 422, "EXECUTABLE_REFUSED");
        refusedAtUpload(id, "zip-bomb.pdf", "ARCHITECTURAL_PLANS", 422, "ARCHIVE_REFUSED");
        refusedAtUpload(id, "zip-bomb.zip", "APPLICATION_FORM", 422, "ARCHIVE_REFUSED");
        refusedAtUpload(id, "png-named.pdf", "ARCHITECTURAL_PLANS", 422, "CONTENT_MISMATCH");
        refusedAtUpload(id, "plans.docx", "ARCHITECTURAL_PLANS", 422, "TYPE_NOT_ACCEPTED");
        refusedAtUpload(id, "empty.pdf", "SITE_PLAN", 400, "EMPTY_FILE");
        assertThat((List<?>) dossier("amina", id).get("documents")).isEmpty();

        // Decided by the pipeline.
        List<Case> cases = new ArrayList<>(List.of(
                new Case("demande-ar.pdf", "APPLICATION_FORM", "VALID", null),
                new Case("certificat-fr.pdf", "PROPERTY_CERTIFICATE", "VALID", null),
                new Case("plan-a0.pdf", "ARCHITECTURAL_PLANS", "VALID", null),
                new Case("restricted.pdf", "ARCHITECT_CONTRACT", "VALID", "RESTRICTED_PDF"),
                new Case("encrypted.pdf", "SITE_PLAN", "REJECTED", "ENCRYPTED_PDF"),
                new Case("truncated.pdf", "CADASTRAL_PLAN", "REJECTED", "CORRUPT_PDF"),
                new Case("javascript.pdf", "ARCHITECT_CONTRACT", "REJECTED", "PDF_JAVASCRIPT"),
                new Case("embedded-file.pdf", "ARCHITECT_CONTRACT", "REJECTED", "PDF_EMBEDDED_FILES"),
                new Case("plan-a0.pdf", "APPLICATION_FORM", "REJECTED", "SHEET_SIZE_NOT_ACCEPTED"),
                new Case("garbled.pdf", "PROPERTY_CERTIFICATE", "REJECTED", "NO_TEXT_LAYER"),
                new Case("photo.png", "PHOTOS", "VALID", null)));
        Path manyPages = manyPages(tmp.resolve("plans-5000-pages.pdf"), 5000);
        Map<UUID, Case> uploaded = new java.util.LinkedHashMap<>();
        for (Case c : cases) {
            uploaded.put(upload(id, FIXTURES.resolve(c.file()), c.kind()), c);
        }
        uploaded.put(upload(id, manyPages, "SITE_PLAN"), new Case("plans-5000-pages.pdf", "SITE_PLAN", "REJECTED", "TOO_MANY_PAGES"));

        await().atMost(Duration.ofMinutes(3)).until(() -> uploaded.keySet().stream()
                .allMatch(doc -> List.of("VALID", "INDEXED", "REJECTED", "FAILED").contains(document("amina", id, doc).get("status"))));
        for (var e : uploaded.entrySet()) {
            Map<String, Object> doc = document("amina", id, e.getKey());
            Case c = e.getValue();
            // A valid document goes on to the index: VALID or, already, INDEXED.
            String actual = "INDEXED".equals(doc.get("status")) ? "VALID" : (String) doc.get("status");
            assertThat(actual).as(c.file() + " as " + c.kind() + ": " + doc.get("problems")).isEqualTo(c.status());
            @SuppressWarnings("unchecked")
            List<Map<String, String>> problems = (List<Map<String, String>>) doc.get("problems");
            if (c.code() == null) {
                assertThat(problems).as(c.file()).noneMatch(p -> "ERROR".equals(p.get("severity")));
            } else {
                assertThat(problems).as(c.file()).anySatisfy(p -> {
                    assertThat(p.get("code")).isEqualTo(c.code());
                    assertThat(p.get("message")).as("a message a person can act on").isNotBlank();
                });
            }
        }

        // The service is still healthy (the search node may still be starting beside it), and memory came back down.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> anonymous.get().uri("/actuator/health").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP"));
        System.gc();
        long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(used).as("heap after the corpus").isLessThan(Runtime.getRuntime().maxMemory() * 3 / 4);
    }

    @Test
    void arabicAndFrenchComeOutInOrderWithoutPresentationForms() throws Exception {
        UUID id = newDossier("amina");
        UUID ar = upload(id, FIXTURES.resolve("demande-ar.pdf"), "APPLICATION_FORM");
        UUID fr = upload(id, FIXTURES.resolve("certificat-fr.pdf"), "PROPERTY_CERTIFICATE");
        awaitFinal(id, ar, fr);

        String arText = text(ar);
        assertInOrder(arText, paragraphs("/work/shared/samples/demande-ar.html", FIXTURES.resolve("demande-ar.html")));
        assertThat(arText.codePoints()).noneMatch(cp -> (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF));
        assertThat(arText).contains("7731/42");

        String frText = text(fr);
        assertInOrder(frText, paragraphs("/work/shared/samples/certificat-fr.html", FIXTURES.resolve("certificat-fr.html")));
        assertThat(normalise(frText)).contains("Conservation foncière d'Azilal", "hypothèque", "« Bled Tiguemi »");

        Map<String, Object> doc = document("amina", id, ar);
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) doc.get("metadata");
        assertThat(meta.get("pageCount")).isEqualTo(1);
        assertThat(meta.get("language")).isEqualTo("ar");
        assertThat(meta.get("ocr")).isEqualTo(false);
        assertThat(doc.get("detectedType")).isEqualTo("application/pdf");
    }

    @Test
    void theScanIsReadByOcrInArabic() throws Exception {
        assumeTrue(new ProcessBuilder("tesseract", "--list-langs").start().waitFor() == 0, "tesseract is not installed: OCR is off");
        UUID id = newDossier("amina");
        UUID scan = upload(id, FIXTURES.resolve("demande-ar-scan.pdf"), "APPLICATION_FORM");
        awaitFinal(id, scan);
        Map<String, Object> doc = document("amina", id, scan);
        assertThat(doc.get("status")).isIn("VALID", "INDEXED");
        assertThat(((Map<?, ?>) doc.get("metadata")).get("ocr")).isEqualTo(true);
        String text = as("amina").get().uri("/api/documents/{id}/text", scan).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Text-Source", "ocr")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(text).contains("رخصة", "البناء", "المهندس", "أزيلال");
    }

    @Test
    void anArchitectWatchesEachStatusLiveWithTheProblems() {
        UUID id = newDossier("amina");
        UUID bad = upload(id, FIXTURES.resolve("encrypted.pdf"), "SITE_PLAN");
        List<ServerSentEvent<String>> seen = events("amina", id, null)
                .filter(e -> e.data().contains(bad.toString()))
                .takeUntil(e -> e.data().contains("\"REJECTED\""))
                .collectList().block(Duration.ofMinutes(1));
        assertThat(seen).as(seen.toString()).extracting(e -> status(e.data())).containsExactly("RECEIVED", "STORED", "EXTRACTED", "REJECTED");
        assertThat(seen.get(3).data()).contains("ENCRYPTED_PDF").contains("password");
    }

    @Test
    void submitWaitsForEveryRequiredKindToBeValid() {
        UUID id = newDossier("amina", "SIMPLE_DECLARATION", "BML");
        UUID form = upload(id, FIXTURES.resolve("certificat-fr.pdf"), "APPLICATION_FORM");
        UUID idDoc = upload(id, FIXTURES.resolve("encrypted.pdf"), "ID_DOCUMENT");
        UUID lease = upload(id, FIXTURES.resolve("certificat-fr.pdf"), "LEASE_OR_TITLE");
        awaitFinal(id, form, idDoc, lease);
        as("amina").post().uri("/api/dossiers/{id}/submit", id).exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.invalid[0]").isEqualTo("ID_DOCUMENT");
        Map<?, ?> checklist = as("amina").get().uri("/api/dossiers/{id}/checklist", id).exchange().expectBody(Map.class)
                .returnResult().getResponseBody();
        assertThat((List<?>) checklist.get("items")).anySatisfy(i -> {
            assertThat(((Map<?, ?>) i).get("kind")).isEqualTo("ID_DOCUMENT");
            assertThat(((Map<?, ?>) i).get("state")).isEqualTo("REJECTED");
        });
        UUID idOk = upload(id, FIXTURES.resolve("photo.png"), "ID_DOCUMENT");
        awaitFinal(id, idOk);
        as("amina").post().uri("/api/dossiers/{id}/submit", id).exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.status").isEqualTo("SUBMITTED")
                .jsonPath("$.receipt").value(r -> assertThat((String) r).endsWith("-R1"));
        // The rejected file is still there: nothing is deleted.
        assertThat((List<?>) dossier("amina", id).get("documents")).hasSize(4);
    }

    // ---- helpers

    private void refusedAtUpload(UUID dossier, String file, String kind, int status, String code) {
        upload("amina", dossier, kind, FIXTURES.resolve(file)).expectStatus().isEqualTo(status)
                .expectBody().jsonPath("$.code").isEqualTo(code)
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains(file));
    }

    private UUID upload(UUID dossier, Path file, String kind) {
        Map<?, ?> doc = upload("amina", dossier, kind, file).expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return UUID.fromString((String) doc.get("id"));
    }

    private void awaitFinal(UUID dossier, UUID... docs) {
        await().atMost(Duration.ofMinutes(2)).until(() -> java.util.Arrays.stream(docs)
                .allMatch(d -> List.of("VALID", "REJECTED", "FAILED", "INDEXED").contains(document("amina", dossier, d).get("status"))));
    }

    private String text(UUID doc) {
        return as("amina").get().uri("/api/documents/{id}/text", doc).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Text-Source", "text-layer")
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private static String status(String data) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(data).path("status").asString();
    }

    /** The text blocks of the sample's HTML source, whitespace collapsed, entities decoded. */
    static List<String> paragraphs(String preferred, Path fallback) throws Exception {
        Path p = Files.exists(Path.of(preferred)) ? Path.of(preferred) : fallback;
        String html = Files.readString(p, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<(h1|h2|p)>(.*?)</\\1>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            out.add(m.group(2).replace("&deg;", "°").replaceAll("\\s+", " ").strip());
        }
        return out;
    }

    /** Each block appears, in order (whitespace-insensitive; dashes may be normalised). */
    static void assertInOrder(String text, List<String> blocks) {
        String flat = normalise(text);
        int from = 0;
        for (String b : blocks) {
            int at = flat.indexOf(normalise(b), from);
            assertThat(at).as("\"%s\" in order in the extracted text", b).isGreaterThanOrEqualTo(0);
            from = at + 1;
        }
    }

    private static String normalise(String s) {
        return s.replace('—', '-').replace('–', '-').replaceAll("\\s+", " ").strip();
    }

    private static Path manyPages(Path file, int pages) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            for (int i = 0; i < pages; i++) {
                doc.addPage(new PDPage(PDRectangle.A6));
            }
            doc.save(file.toFile());
        }
        return file;
    }
}
