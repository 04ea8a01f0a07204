package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class DocumentJsonTest {

    final ObjectMapper mapper = new ObjectMapper();
    final DossierFields dossier = new DossierFields("D1", "BM-2026-000123", "BUILDING_PERMIT_SMALL", "SUBMITTED", "AZL",
            "Azilal", "AZILAL", "Mohamed Alaoui", "atlas", Set.of("ONEE", "AUA"), Instant.parse("2026-02-10T10:00:00Z"), null);

    JsonNode json(String text, int max) throws Exception {
        IndexedDocument doc = new IndexedDocument("doc-1", dossier, "certificat 7731/42.pdf", "PROPERTY_CERTIFICATE",
                "application/pdf", "fr", "Titre", text, Map.of("producer", "pdfTeX"), 2, null);
        return mapper.readTree(new DocumentJson(max).toJson(doc, Instant.parse("2026-03-01T00:00:00Z")));
    }

    @Test
    void denormalisesTheDossierAndExtractsTitleDeeds() throws Exception {
        JsonNode j = json("Titre foncier n° 48213/10", 1000);
        assertThat(j.get("dossierId").asText()).isEqualTo("D1");
        assertThat(j.get("reference").asText()).isEqualTo("BM-2026-000123");
        assertThat(j.get("communeName").asText()).isEqualTo("Azilal");
        assertThat(j.get("organisations")).extracting(JsonNode::asText).containsExactly("AUA", "ONEE");
        assertThat(j.get("filedAt").asText()).isEqualTo("2026-02-10T10:00:00Z");
        assertThat(j.has("updatedAt")).isFalse();
        assertThat(j.get("titleDeeds")).extracting(JsonNode::asText).containsExactly("48213/10", "7731/42");
        assertThat(j.get("metadata").get("producer").asText()).isEqualTo("pdfTeX");
        assertThat(j.get("indexedAt").asText()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(j.get("textTruncated").asBoolean()).isFalse();
    }

    @Test
    void bidiMarksBecomeSpacesControlCharactersAndLoneSurrogatesAreReplaced() throws Exception {
        JsonNode j = json("\u202B عدد \u060C7731/42\u202Cوالواقعة\u0000 soft\u00ADhyphen \uD800x \uD83D\uDE00", 1000);
        assertThat(j.get("text").asText()).isEqualTo("  عدد \u060C7731/42 والواقعة  softhyphen  x \uD83D\uDE00");
        assertThat(j.get("titleDeeds")).extracting(JsonNode::asText).contains("7731/42");
    }

    @Test
    void longTextIsCutWithoutSplittingASurrogatePair() throws Exception {
        JsonNode j = json("abcd\uD83D\uDE00efgh", 5);
        assertThat(j.get("text").asText()).isEqualTo("abcd");
        assertThat(j.get("textTruncated").asBoolean()).isTrue();
    }
}
