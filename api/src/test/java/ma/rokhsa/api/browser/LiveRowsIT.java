package ma.rokhsa.api.browser;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dossier page follows its documents live whatever it missed: a document added while the page's live stream was
 * cut (a dropped connection, a file sent from another tab) gets its row when the stream comes back, with its stage.
 */
class LiveRowsIT extends ApiIT {

    @Test
    void aDocumentAddedWhileTheStreamWasCutGetsItsRowWhenTheStreamComesBack() {
        UUID id = newDossier("amina");
        try (Browser amina = new Browser(port, "fr", 1280)) {
            amina.signIn("amina", "demo");
            // The page loads, but its live stream cannot connect (as on a dropped connection): htmx retries it.
            amina.driver.executeCdpCommand("Network.enable", Map.of());
            amina.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/live/*")));
            amina.open("/dossiers/" + id);
            assertThat(amina.all("#document-list > li")).isEmpty();

            UUID doc = uploaded(id, "APPLICATION_FORM", "demande-ar.pdf");
            awaitValid(id, List.of(doc));
            amina.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));

            amina.waitFor(Duration.ofSeconds(90), "the row of the document sent while the stream was cut", d -> {
                Object status = amina.js("const li = document.getElementById(arguments[0]);"
                        + "const body = li && li.querySelector('.doc-body'); return body ? body.dataset.status : null;", "doc-" + doc);
                return "VALID".equals(status) || "INDEXED".equals(status);
            });
            assertThat(amina.all("#document-list > li")).hasSize(1);
            assertThat(amina.text("#document-list")).contains("demande-ar.pdf");
        }
    }
}
