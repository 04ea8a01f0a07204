package ma.rokhsa.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.search.SearchEngine;
import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Search over HTTP with the embedded node: the samples (Arabic, French, the scan through OCR) become
 * INDEXED over SSE, are found by words in their own language (inflected forms), exact phrases and
 * title-deed numbers, with facets and highlights; nobody finds what they may not see; and the engine
 * stopped in the middle of the run loses nothing.
 */
class SearchIT extends ApiIT {

    @Autowired
    SearchEngine engine;

    @Test
    void samplesAreFoundInTheirLanguageAndScopingHolds() throws Exception {
        UUID id = newDossier("amina", "RENOVATION", "BML");
        UUID ar = uploaded(id, "APPLICATION_FORM", "demande-ar.pdf");
        UUID fr = uploaded(id, "PROPERTY_CERTIFICATE", "certificat-fr.pdf");
        UUID plan = uploaded(id, "ARCHITECTURAL_PLANS", "plan-a0.pdf");
        awaitIndexedOverSse(id, List.of(ar, fr, plan));

        // Words in their own language, inflected forms included (hits of this dossier: other tests file the same samples).
        assertThat(fileNames("amina", "المسكن", id)).containsExactly("demande-ar.pdf");          // with the article
        assertThat(fileNames("amina", "طابق", id)).containsExactly("demande-ar.pdf");            // singular of طابقين
        assertThat(fileNames("amina", "مسكن", id)).containsExactly("demande-ar.pdf");
        assertThat(fileNames("amina", "hypothèques", id)).containsExactly("certificat-fr.pdf");  // plural of hypothèque
        assertThat(fileNames("amina", "propriete", id)).containsExactly("certificat-fr.pdf");    // without the accents
        // Exact phrases, exclusions, a title-deed number.
        assertThat(fileNames("amina", "\"Bled Tiguemi\"", id)).containsExactly("certificat-fr.pdf");
        assertThat(fileNames("amina", "\"Tiguemi Bled\"", id)).isEmpty();
        assertThat(fileNames("amina", "\"مسكن فردي\"", id)).containsExactly("demande-ar.pdf");
        assertThat(fileNames("amina", "7731/42", id)).containsExactlyInAnyOrder("demande-ar.pdf", "certificat-fr.pdf", "plan-a0.pdf");
        assertThat(fileNames("amina", "7731/42 -hypothèque", id)).containsExactlyInAnyOrder("demande-ar.pdf", "plan-a0.pdf");
        // Words of any language in one query, all of them required.
        assertThat(fileNames("amina", "مسكن 7731/42", id)).containsExactly("demande-ar.pdf");
        assertThat(fileNames("amina", "Tiguemi مسكن", id)).isEmpty();
        // By the dossier's reference.
        String reference = (String) dossier("amina", id).get("reference");
        assertThat(fileNames("amina", reference, id)).hasSize(3);

        // Facets and highlights.
        Map<String, Object> page = search("amina", reference, "");
        assertThat(((Number) page.get("total")).longValue()).isEqualTo(3);
        Map<?, ?> facets = (Map<?, ?>) page.get("facets");
        assertThat((List<?>) facets.get("kind")).hasSize(3);
        assertThat(facets.get("commune").toString()).contains("BML");
        assertThat(facets.get("status").toString()).contains("DRAFT");
        assertThat(search("amina", "7731/42", "").get("hits").toString()).contains("<mark>7731&#x2F;42</mark>");
        assertThat(fileNames(search("amina", reference, "&kind=PROPERTY_CERTIFICATE"), id)).containsExactly("certificat-fr.pdf");

        // Scoping: a draft is its architect's alone; then the commune's; never another commune's.
        for (String user : List.of("omar", "youssef", "salma", "karim", "admin", "hassan")) {
            assertThat(fileNames(user, "7731/42", id)).as(user).isEmpty();
            Map<String, Object> p = search(user, reference, "");
            assertThat(((Number) p.get("total")).longValue()).as(user).isZero();
            assertThat(p.get("facets").toString()).as(user).doesNotContain("DRAFT");
        }
        for (String user : List.of("omar", "salma", "hassan")) {
            Map<String, Object> p = search(user, "7731/42", "");
            assertThat(((Number) p.get("total")).longValue()).as(user).isZero();
            assertThat(p.get("facets").toString()).as(user).doesNotContain("BML");
        }
        as("amina").post().uri("/api/dossiers/{id}/submit", id).exchange().expectStatus().isAccepted();
        await().atMost(Duration.ofSeconds(60)).until(() -> fileNames("youssef", "7731/42", id).size() == 3);
        assertThat(fileNames("admin", "7731/42", id)).hasSize(3);
        assertThat(fileNames("salma", "7731/42", id)).isEmpty();
        assertThat(fileNames("omar", "7731/42", id)).isEmpty();
        assertThat(fileNames("karim", "7731/42", id)).isEmpty();
        // The status change reached the index (the dossier is no longer a draft there).
        await().atMost(Duration.ofSeconds(60)).until(() -> ((Number) search("youssef", reference, "&status=SUBMITTED").get("total")).intValue() == 3);
    }

    @Test
    void theScanIsFoundThroughItsOcrText() throws Exception {
        assumeTrue(new ProcessBuilder("tesseract", "--list-langs").start().waitFor() == 0, "tesseract is not installed: OCR is off");
        UUID id = newDossier("amina", "RENOVATION", "BML");
        UUID scan = uploaded(id, "APPLICATION_FORM", "demande-ar-scan.pdf");
        awaitIndexedOverSse(id, List.of(scan));
        assertThat(fileNames("amina", "المهندس", id)).containsExactly("demande-ar-scan.pdf");
    }

    @Test
    void badQueriesGetA400() {
        as("amina").get().uri("/api/search?q={q}", "\"permis de construire").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("BAD_QUERY").jsonPath("$.detail").value(d -> assertThat((String) d).contains("quote"));
        as("amina").get().uri("/api/search?q={q}", "x".repeat(5000)).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("QUERY_TOO_LONG");
        as("amina").get().uri("/api/search?q={q}", "\u0000\u0007").exchange().expectStatus().isBadRequest();
        as("amina").get().uri("/api/search?q=a&from=yesterday").exchange().expectStatus().isBadRequest();
        as("amina").get().uri("/api/search?q=a&size=100000").exchange().expectStatus().isBadRequest();
        // Query syntax is not interpreted: these are just characters.
        as("amina").get().uri("/api/search?q={q}", "title:* OR 1=1 {\"query\":{}} \\ / ( ] ~ ^").exchange().expectStatus().isOk();
        anonymous.get().uri("/api/search?q=x").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void theEngineStoppedMidRunLosesNothing() throws Exception {
        long pid = engine.embeddedNodePid().orElseThrow();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));

        // Uploads go on while the engine is down; documents wait VALID.
        UUID id = newDossier("amina", "RENOVATION", "BML");
        UUID fr = uploaded(id, "PROPERTY_CERTIFICATE", "certificat-fr.pdf");
        UUID ar = uploaded(id, "APPLICATION_FORM", "demande-ar.pdf");
        awaitValid(id, List.of(fr, ar));

        // The node comes back by itself; indexing catches up; the documents are found.
        awaitIndexedOverSse(id, List.of(fr, ar));
        assertThat(fileNames("amina", "Tiguemi", id)).containsExactly("certificat-fr.pdf");
        assertThat((List<?>) as("amina").get().uri("/api/dossiers/{id}", id).exchange().expectBody(Map.class).returnResult()
                .getResponseBody().get("documents")).allSatisfy(d -> assertThat(((Map<?, ?>) d).get("status")).isEqualTo("INDEXED"));
    }

    // ---- helpers

    private void awaitIndexedOverSse(UUID dossier, List<UUID> docs) {
        List<ServerSentEvent<String>> seen = events("amina", dossier, null)
                .filter(e -> e.data().contains("\"INDEXED\""))
                .take(docs.size()).collectList().block(Duration.ofMinutes(4));
        assertThat(seen).hasSize(docs.size());
        for (UUID d : docs) {
            assertThat(seen).anySatisfy(e -> assertThat(e.data()).contains(d.toString()));
        }
    }

    private Map<String, Object> search(String user, String q, String extra) {
        return as(user).get().uri("/api/search?q={q}" + extra, q).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
    }

    private List<String> fileNames(String user, String q, UUID dossier) {
        return fileNames(search(user, q, "&size=100"), dossier);
    }

    /** The file names of the hits that belong to {@code dossier}. */
    @SuppressWarnings("unchecked")
    private static List<String> fileNames(Map<String, Object> page, UUID dossier) {
        return ((List<Map<String, Object>>) page.get("hits")).stream().filter(h -> dossier.toString().equals(h.get("dossierId")))
                .map(h -> (String) h.get("fileName")).toList();
    }
}
