package ma.rokhsa.api.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole procedure through the browser, in French and in Arabic, as its people live it: an architect
 * files a complete dossier, dropping several plans at once and watching each file's stage change live, and
 * reads why a damaged file was refused; the one-stop shop finds the dossier by an Arabic word inside a
 * scanned plan and by a French word, opens the plan in the viewer and zooms, and returns it; the architect
 * adds a document and resubmits; the commission gives its opinion; the decision is drafted; the fees are
 * paid through the sandbox gateway; the president changes the first-use PIN and signs; the public
 * verification page says valid for the permit and not valid for a tampered copy; and the public ranking
 * page moves when the decision is signed. Accounts and keys are prepared over the API, as the
 * administration would.
 */
class JourneyIT extends ApiIT {

    private static final Path FIXTURES = Path.of("../ingest/src/test/resources/fixtures");
    private static final String PASSWORD = "journey-password-1";

    @TempDir
    Path files;

    @ParameterizedTest
    @ValueSource(strings = {"fr", "ar"})
    void theWholeProcedureInTheBrowser(String lang) throws Exception {
        String token = "Tamaris" + lang.toUpperCase() + Long.toString(System.nanoTime() % 100000, 36).replaceAll("\\d", "");
        String president = "president-" + lang + "-" + UUID.randomUUID().toString().substring(0, 6);
        String pin = prepareSignatory(president);

        Path form = FIXTURES.resolve("demande-ar.pdf");
        Path certificate = TestPdfs.text(files, "certificat-propriete.pdf", "Certificat de propriete",
                "Le conservateur de la propriete fonciere de Beni Mellal certifie que l'immeuble dit " + token,
                "objet du titre foncier numero 7731/42, appartient a Monsieur Ahmed Alaoui.",
                "Contenance : trois cent vingt metres carres. Aucune inscription ne grève l'immeuble.");
        Path contract = TestPdfs.text(files, "contrat-architecte.pdf", "Contrat d'architecte",
                "Entre Monsieur Ahmed Alaoui, maitre d'ouvrage, et le cabinet d'architecture Atlas,",
                "il est convenu de la conception et du suivi de la construction d'une villa R+1.",
                "Honoraires : huit pour cent du cout des travaux. Fait a Beni Mellal.");
        Path cadastral = TestPdfs.plan(files, "plan-cadastral.pdf", "Plan cadastral - lot 12");
        Path site = TestPdfs.plan(files, "plan-situation.pdf", "Plan de situation 1/2000");
        Path ground = TestPdfs.plan(files, "plan-rdc.pdf", "Plan RDC");
        Path floor = TestPdfs.plan(files, "plan-etage.pdf", "Plan etage");
        Path scan = FIXTURES.resolve("demande-ar-scan.pdf");
        Path damaged = TestPdfs.truncated(FIXTURES.resolve("certificat-fr.pdf"), files.resolve("facade-endommagee.pdf"));

        // ---- The architect opens a dossier and adds its documents.
        UUID id;
        String reference;
        try (Browser amina = new Browser(port, lang, 1280)) {
            amina.signIn("amina", "demo");
            amina.open("/dossiers/new");
            amina.click("input[name=type][value=BUILDING_SMALL]");
            amina.find("#communeCode").findElement(By.cssSelector("option[value=BML]")).click();
            amina.type("#title", "Villa " + token);
            amina.type("#applicantName", "Ahmed Alaoui");
            amina.click("form[action='/dossiers'] button[type=submit]");
            amina.waitUntil("the dossier page", d -> d.getCurrentUrl().contains("/dossiers/") && d.getCurrentUrl().contains("done=created"));
            id = UUID.fromString(amina.path().replaceAll("^/dossiers/([0-9a-f-]{36}).*$", "$1"));
            reference = (String) dossier("amina", id).get("reference");
            amina.screenshot("architect-dossier-new-" + lang);
            recordStatuses(amina);

            // Three plan sheets dropped at once: each gets its own progress bar, then its live stage.
            upload(amina, "ARCHITECTURAL_PLANS", ground, floor, scan);
            upload(amina, "APPLICATION_FORM", form);
            upload(amina, "PROPERTY_CERTIFICATE", certificate);
            upload(amina, "ARCHITECT_CONTRACT", contract);
            upload(amina, "CADASTRAL_PLAN", cadastral);
            upload(amina, "SITE_PLAN", damaged);
            // The damaged file is refused (by the upload check, or by the pipeline once read) and says why,
            // in the page's language, with what to do.
            String why = refusal(amina, "facade-endommagee.pdf");
            assertThat(why).contains(lang.equals("fr") ? "endommagé" : "تالف");
            // Every other file's stage changed in the page without a reload, one step after the other.
            for (String name : List.of("plan-rdc.pdf", "plan-etage.pdf", "demande-ar.pdf", "certificat-propriete.pdf",
                    "contrat-architecte.pdf", "plan-cadastral.pdf", "demande-ar-scan.pdf")) {
                awaitStatus(amina, name, "INDEXED");
            }
            @SuppressWarnings("unchecked")
            Map<String, List<String>> seen = (Map<String, List<String>>) amina.js("return window.__statuses");
            assertThat(seen.values()).allSatisfy(steps -> assertThat(steps).hasSizeGreaterThanOrEqualTo(2));
            amina.screenshot("architect-dossier-uploaded-" + lang);

            upload(amina, "SITE_PLAN", site);
            awaitStatus(amina, "plan-situation.pdf", "INDEXED");
            // Figures, then submission with the checklist complete.
            amina.click("a[href$='/figures']");
            amina.type("[id='area.HOUSING_INDIVIDUAL']", "180");
            amina.screenshot("architect-figures-" + lang);
            amina.click("form[action$='/figures'] button[type=submit]");
            amina.waitUntil("figures saved", d -> d.getCurrentUrl().contains("done=figures"));
            amina.click("form[action$='/submit'] button");
            amina.waitUntil("submitted", d -> d.getCurrentUrl().contains("done=submitted"));
            assertThat(amina.find("[data-issued-kind=RECEIPT]").getAttribute("href")).contains("/issued/");
            assertThat(status("amina", id)).isEqualTo("SUBMITTED");
        }

        // ---- The one-stop shop finds it by an Arabic word of the scanned plan and by a French word.
        try (Browser youssef = new Browser(port, lang, 1280)) {
            youssef.signIn("youssef", "demo");
            youssef.open("/search?q=" + java.net.URLEncoder.encode("المهندس", java.nio.charset.StandardCharsets.UTF_8));
            WebElement scanHit = hit(youssef, reference, "demande-ar-scan.pdf");
            assertThat(scanHit.findElement(By.cssSelector(".snippet mark")).getText()).isNotBlank();
            youssef.screenshot("reviewer-search-arabic-" + lang);
            youssef.open("/search?q=" + token);
            assertThat(hit(youssef, reference, "certificat-propriete.pdf")).isNotNull();

            // The plan in the viewer: it draws, and zooms.
            youssef.open("/search?q=" + java.net.URLEncoder.encode("المهندس", java.nio.charset.StandardCharsets.UTF_8));
            hit(youssef, reference, "demande-ar-scan.pdf").findElement(By.cssSelector("a[href^='/documents/']")).click();
            youssef.waitUntil("the viewer draws the plan", d -> "true".equals(youssef.find("[data-pdf-viewer]").getAttribute("data-ready")));
            String before = youssef.text("[data-zoom-level]");
            youssef.click("[data-zoom=in]");
            youssef.waitUntil("zoomed", d -> !youssef.text("[data-zoom-level]").equals(before));
            assertThat((Boolean) youssef.js("const c = document.querySelector('.viewer-pages canvas');"
                    + "return c.width > 0 && c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v < 250);")).isTrue();
            youssef.screenshot("reviewer-viewer-" + lang);

            // Returned, with its reason.
            youssef.open("/dossiers/" + id);
            youssef.click("a[href$='/return']");
            youssef.type("#reasons", "Ajouter le plan de façade / أضف تصميم الواجهة");
            youssef.screenshot("reviewer-return-" + lang);
            youssef.click("form[action$='/return'] button[type=submit]");
            youssef.waitUntil("returned", d -> d.getCurrentUrl().contains("done=returned"));
        }

        // ---- The architect reads the reason, adds the document and resubmits.
        try (Browser amina = new Browser(port, lang, 1280)) {
            amina.signIn("amina", "demo");
            amina.open("/dossiers/" + id);
            assertThat(amina.text("#status-panel")).contains("أضف تصميم الواجهة");
            recordStatuses(amina);
            upload(amina, "ARCHITECTURAL_PLANS", TestPdfs.plan(files, "plan-facade.pdf", "Facade principale"));
            awaitStatus(amina, "plan-facade.pdf", "INDEXED");
            amina.waitUntil("the resubmit button, live", d -> !amina.all("form[action$='/submit'] button").isEmpty());
            amina.click("form[action$='/submit'] button");
            amina.waitUntil("resubmitted", d -> d.getCurrentUrl().contains("done=submitted"));
        }

        // ---- Accepted; the commission's opinions (the urban agency's in the browser).
        try (Browser youssef = new Browser(port, lang, 1280)) {
            youssef.signIn("youssef", "demo");
            youssef.open("/queue");
            youssef.find("#dossier-" + id);
            youssef.screenshot("reviewer-queue-" + lang);
            youssef.open("/dossiers/" + id);
            youssef.click("form[action$='/accept'] button");
            youssef.waitUntil("accepted", d -> d.getCurrentUrl().contains("done=accepted"));
        }
        giveOtherOpinions(id);
        try (Browser karim = new Browser(port, lang, 1280)) {
            karim.signIn("karim", "demo");
            karim.open("/opinions");
            karim.click("a[href='/dossiers/" + id + "/opinion']");
            karim.click("#opinion");
            karim.screenshot("commission-opinion-" + lang);
            karim.click("form[action$='/opinion'] button[type=submit]");
            karim.waitUntil("opinion given", d -> d.getCurrentUrl().contains("done=opinion"));
        }

        // ---- The decision is drafted; the fees are due.
        try (Browser youssef = new Browser(port, lang, 1280)) {
            youssef.signIn("youssef", "demo");
            youssef.open("/dossiers/" + id + "/decision");
            youssef.click("#outcome");
            youssef.type("#reasonsFr", "Conforme au plan d'aménagement");
            youssef.click("form[action$='/decision'] button[type=submit]");
            youssef.waitUntil("drafted", d -> d.getCurrentUrl().contains("done=drafted"));
        }
        assertThat(status("amina", id)).isEqualTo("FEES_DUE");

        // ---- The architect pays on the sandbox gateway.
        try (Browser amina = new Browser(port, lang, 1280)) {
            amina.signIn("amina", "demo");
            amina.open("/dossiers/" + id);
            amina.click("form[action$='/pay'] button");
            amina.waitUntil("the gateway's page", d -> d.getCurrentUrl().contains("/pay/"));
            amina.click("button[value=pay]");
            amina.waitUntil("back on the dossier", d -> d.getCurrentUrl().contains("/dossiers/" + id) && d.getCurrentUrl().contains("done=paid"));
        }
        assertThat(status("amina", id)).isEqualTo("FEES_PAID");

        // ---- The public ranking is open while the president signs: it moves by itself.
        try (Browser citizen = new Browser(port, lang, 1280); Browser pres = new Browser(port, lang, 1280)) {
            citizen.open("/ranking");
            citizen.find("#ranking-table");
            citizen.js("window.__before = document.getElementById('ranking-table').textContent;"
                    + "document.body.addEventListener('htmx:sseMessage', () => window.__moved = true);");

            pres.signIn(president, PASSWORD);
            pres.open("/sign");
            pres.screenshot("president-first-use-" + lang);
            pres.click("a[href*='/pin']");
            pres.type("#oldPin", pin);
            pres.type("#newPin", "58213947");
            pres.type("#newPinAgain", "58213947");
            pres.screenshot("president-pin-" + lang);
            pres.click("form[action*='/pin'] button[type=submit]");
            pres.waitUntil("PIN changed", d -> d.getCurrentUrl().contains("done=pin"));
            pres.click("a[href='/dossiers/" + id + "/sign']");
            pres.type("#pin", "58213947");
            pres.screenshot("president-sign-" + lang);
            pres.click("form[action$='/sign'] button[type=submit]");
            pres.driver.switchTo().alert().accept();
            pres.waitUntil("signed", d -> d.getCurrentUrl().contains("done=signed"));

            citizen.waitFor(Duration.ofSeconds(30), "the ranking page updated live",
                    d -> Boolean.TRUE.equals(citizen.js("return window.__moved === true")));
        }
        assertThat(status("amina", id)).isEqualTo("ISSUED");

        // ---- Anyone verifies the permit: valid; a tampered copy: not.
        Map<String, Object> issued = as("amina").get().uri("/api/dossiers/{id}/issued", id).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { }).returnResult().getResponseBody()
                .stream().filter(i -> "DECISION".equals(i.get("kind"))).findFirst().orElseThrow();
        String permit = (String) issued.get("reference");
        byte[] pdf = as("amina").get().uri("/api/dossiers/{id}/issued/{ref}", id, permit).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        Path tampered = files.resolve("permis-modifie.pdf");
        Files.write(tampered, tamper(pdf));
        try (Browser citizen = new Browser(port, lang, 1280)) {
            citizen.open(local(issued.get("verificationUrl")));
            assertThat(citizen.find(".verdict").getAttribute("data-verdict")).isEqualTo("VALID");
            citizen.screenshot("public-verify-valid-" + lang);
            citizen.open("/verify");
            citizen.find("#file").sendKeys(tampered.toAbsolutePath().normalize().toString());
            citizen.click("form[action^='/verify'] button[type=submit]");
            assertThat(citizen.find(".verdict").getAttribute("data-verdict")).isNotEqualTo("VALID");
            citizen.screenshot("public-verify-tampered-" + lang);
        }
    }

    // ------------------------------------------------------------------ the page, as a person sees it

    /** Remembers, in the page, each document row's successive stages (data-status), as they are swapped in live. */
    private static void recordStatuses(Browser b) {
        b.js("window.__statuses = {};"
                + "const note = () => document.querySelectorAll('#document-list > li .doc-body').forEach(body => {"
                + "  const name = body.querySelector('h3').textContent.trim(); const list = window.__statuses[name] || (window.__statuses[name] = []);"
                + "  if (list[list.length - 1] !== body.dataset.status) list.push(body.dataset.status); });"
                + "new MutationObserver(note).observe(document.getElementById('document-list'), {subtree: true, childList: true, attributes: true});");
    }

    private static void upload(Browser b, String kind, Path... paths) {
        b.find("#kind").findElement(By.cssSelector("option[value=" + kind + "]")).click();
        StringBuilder all = new StringBuilder();
        for (Path p : paths) {
            all.append(all.isEmpty() ? "" : "\n").append(p.toAbsolutePath().normalize());
        }
        b.find("#file").sendKeys(all.toString());
        // Each file has its own line in the uploader, with a progress bar until the server took it.
        for (Path p : paths) {
            b.waitUntil("uploader line of " + p.getFileName(), d -> b.all(".uploads li").stream()
                    .anyMatch(li -> li.getText().contains(p.getFileName().toString())));
        }
    }

    /** A document row's stage, read in one go in the page (rows are replaced live while we look). */
    private static String statusOf(Browser b, String fileName) {
        return (String) b.js("const body = [...document.querySelectorAll('#document-list > li .doc-body')]"
                + ".find(d => d.querySelector('h3').textContent.trim() === arguments[0]); return body ? body.dataset.status : null;", fileName);
    }

    private static void awaitStatus(Browser b, String fileName, String status) {
        b.waitFor(Duration.ofSeconds(180), fileName + " " + status, d -> status.equals(statusOf(b, fileName)));
    }

    /** Why a file was refused: the uploader's line when the upload check refused it, else its row once read. */
    private static String refusal(Browser b, String fileName) {
        String[] why = new String[1];
        b.waitFor(Duration.ofSeconds(180), fileName + " refused", d -> {
            why[0] = (String) b.js("const up = [...document.querySelectorAll('.uploads li')].find(l => l.textContent.includes(arguments[0]));"
                    + "if (up && up.querySelector('.msg')) return up.querySelector('.msg').textContent;"
                    + "const body = [...document.querySelectorAll('#document-list > li .doc-body')].find(d => d.querySelector('h3').textContent.trim() === arguments[0]);"
                    + "return body && body.dataset.status === 'REJECTED' ? body.querySelector('.problems').textContent : null;", fileName);
            return why[0] != null;
        });
        return why[0];
    }

    private static WebElement hit(Browser b, String reference, String fileName) {
        List<WebElement> hits = b.all(".hit").stream()
                .filter(h -> h.getText().contains(reference) && h.getText().contains(fileName)).toList();
        assertThat(hits).as("a hit for " + fileName + " of " + reference + " in: " + b.text("main")).isNotEmpty();
        return hits.get(0);
    }

    // ------------------------------------------------------------------ what the administration prepares

    /** A president of Béni Mellal with a key issued, shipped and handed over; returns the PIN the SMS carried. */
    private String prepareSignatory(String username) {
        account(Map.of("username", username, "fullName", "Président " + username,
                "email", username + "@demo.rokhsa.ma", "phone", "+212600000099", "role", "SIGNATORY",
                "communeCode", "BML", "provinceCode", "BM"), PASSWORD);
        as("admin").put().uri("/api/provinces/BM/contact").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("fullName", "Hassan Ouali", "title", "Chef de division des collectivités locales",
                        "phone", "+212600000005", "postalAddress", "Province de Béni Mellal, BP 12", "email", "hassan@demo.rokhsa.ma",
                        "username", "hassan"))
                .exchange().expectStatus().isOk();
        Map<?, ?> key = as("admin").post().uri("/api/signing-keys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("holder", username)).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        String keyId = (String) key.get("id");
        as("admin").post().uri("/api/signing-keys/{id}/ship", keyId).exchange().expectStatus().isOk();
        as("hassan").post().uri("/api/signing-keys/{id}/handover", keyId).exchange().expectStatus().isOk();
        List<Map<String, Object>> sms = user(username).get().uri("/api/me/sms").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { }).returnResult().getResponseBody();
        Matcher m = Pattern.compile("\\b(\\d{6,8})\\b").matcher((String) sms.get(0).get("body"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** The other organisations of the commission (civil protection, utilities) give favourable opinions. */
    @SuppressWarnings("unchecked")
    private void giveOtherOpinions(UUID id) {
        Map<String, Object> summary = as("youssef").get().uri("/api/dossiers/{id}/opinions", id).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
        for (Map<String, Object> o : (List<Map<String, Object>>) summary.get("opinions")) {
            String org = (String) o.get("organisation");
            if (org.endsWith("-AU")) {
                continue;
            }
            String username = "member-" + org.toLowerCase().replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 4);
            account(Map.of("username", username, "fullName", "Membre " + org,
                    "role", "COMMISSION_MEMBER", "organisationCode", org, "provinceCode", "BM"), PASSWORD);
            user(username).post().uri("/api/dossiers/{id}/opinions", id).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("opinion", "FAVOURABLE")).exchange().expectStatus().isCreated();
        }
    }

    private WebTestClient user(String username) {
        return anonymous.mutate().defaultHeaders(h -> h.setBasicAuth(username, PASSWORD)).build();
    }

    /** The signed permit with a word added on its page and saved, as an editing tool would: a forger's copy. */
    private static byte[] tamper(byte[] pdf) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            var page = doc.getPage(0);
            try (var cs = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page,
                    org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode.APPEND, true)) {
                cs.beginText();
                cs.setFont(new org.apache.pdfbox.pdmodel.font.PDType1Font(
                        org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 20);
                cs.newLineAtOffset(100, 100);
                cs.showText("R+3");
                cs.endText();
            }
            page.getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
        }
        return out.toByteArray();
    }
}
