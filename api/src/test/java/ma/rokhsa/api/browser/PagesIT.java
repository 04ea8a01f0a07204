package ma.rokhsa.api.browser;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page, in French and in Arabic, in a real browser: it renders (with the page's language and
 * direction), axe-core finds no serious or critical accessibility violation, the console shows no
 * Content-Security-Policy violation or script error, its own JavaScript and CSS weigh at most 100 KB
 * compressed (pdf.js aside), it does not overflow a 360 px phone screen, and its screenshot is written
 * under target/screenshots.
 */
class PagesIT extends ApiIT {

    private static final long BUDGET = 100 * 1024;
    private static final Path FIXTURES = Path.of("../ingest/src/test/resources/fixtures");

    @ParameterizedTest
    @ValueSource(strings = {"fr", "ar"})
    void everyPageIsAccessibleLightAndInItsLanguage(String lang) {
        // A submitted dossier with a document, for the dossier, viewer and desk pages.
        UUID dossier = newDossier("amina");
        UUID doc = upload(dossier, "ARCHITECTURAL_PLANS", FIXTURES.resolve("plan-a0.pdf"));
        as("amina").put().uri("/api/dossiers/{id}/figures", dossier).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("coveredArea", Map.of("HOUSING_INDIVIDUAL", 150))).exchange().expectStatus().isOk();

        Map<String, List<String>> pages = new LinkedHashMap<>();
        pages.put("-", List.of("/", "/login", "/ranking", "/stats", "/verify", "/dossiers/" + UUID.randomUUID()));
        pages.put("amina", List.of("/dossiers", "/dossiers/new", "/dossiers/" + dossier, "/dossiers/" + dossier + "/figures",
                "/documents/" + doc));
        pages.put("youssef", List.of("/queue", "/search?q=plan", "/search?q=%22%22%22"));
        pages.put("karim", List.of("/opinions"));
        pages.put("fatima", List.of("/sign"));
        pages.put("hassan", List.of("/keys"));
        pages.put("admin", List.of("/admin", "/keys"));

        for (var entry : pages.entrySet()) {
            for (int width : new int[] {1280, 360}) {
                try (Browser b = new Browser(port, lang, width)) {
                    if (!entry.getKey().equals("-")) {
                        b.signIn(entry.getKey(), "demo");
                    }
                    for (String path : entry.getValue()) {
                        b.open(path);
                        String name = (entry.getKey().equals("-") ? "public" : entry.getKey())
                                + path.replaceAll("[^a-zA-Z0-9]+", "-").replaceAll("-[0-9a-f]{8}-[0-9a-f-]{27}", "-id") + "-" + lang
                                + (width < 400 ? "-phone" : "");
                        check(b, name, lang, width);
                    }
                }
            }
        }
    }

    private static void check(Browser b, String name, String lang, int width) {
        b.waitUntil(name + " rendered", d -> "complete".equals(b.js("return document.readyState")));
        if (!b.all("[data-pdf-viewer]").isEmpty()) {
            b.waitUntil(name + " viewer ready", d -> "true".equals(b.find("[data-pdf-viewer]").getAttribute("data-ready")));
        }
        assertThat(b.find("html").getAttribute("lang")).as(name + " lang").isEqualTo(lang);
        assertThat(b.find("html").getAttribute("dir")).as(name + " dir").isEqualTo(lang.equals("ar") ? "rtl" : "ltr");
        b.screenshot(name);
        b.assertAccessible(name);
        b.assertCleanConsole(name);
        long own = b.assetSizes().entrySet().stream().filter(e -> !e.getKey().contains("/pdfjs-dist/"))
                .mapToLong(Map.Entry::getValue).sum();
        assertThat(own).as(name + ": own JavaScript and CSS, compressed, in bytes: " + b.assetSizes()).isLessThanOrEqualTo(BUDGET);
        System.out.printf("PagesIT: %s at %d px: own JavaScript and CSS %.1f KB compressed (budget %d KB)%n", name, width, own / 1024.0, BUDGET / 1024);
        if (width < 400) {
            Number overflow = (Number) b.js("return document.documentElement.scrollWidth - window.innerWidth");
            assertThat(overflow.intValue()).as(name + " overflows a 360 px screen by").isLessThanOrEqualTo(0);
        }
    }

    private UUID upload(UUID dossier, String kind, Path file) {
        Map<?, ?> doc = upload("amina", dossier, kind, file).expectStatus().isCreated().expectBody(Map.class)
                .returnResult().getResponseBody();
        UUID id = UUID.fromString((String) doc.get("id"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120))
                .until(() -> List.of("VALID", "INDEXED").contains(document("amina", dossier, id).get("status")));
        return id;
    }
}
