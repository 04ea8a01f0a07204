package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import jakarta.json.stream.JsonGenerator;

class SearchRequestsTest {

    static JsonNode json(SearchRequest request) throws Exception {
        JacksonJsonpMapper mapper = new JacksonJsonpMapper();
        StringWriter out = new StringWriter();
        try (JsonGenerator g = mapper.jsonProvider().createGenerator(out)) {
            request.serialize(g, mapper);
        }
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void theScopeIsAFilterOfTheQueryNeverAPostFilter() throws Exception {
        SearchRequest request = SearchRequests.build("docs", QueryParser.parse("permis"), SearchQuery.of("permis"),
                Scope.commune("AZL"), ZoneId.of("Africa/Casablanca"));
        JsonNode j = json(request);
        assertThat(j.has("post_filter")).isFalse();
        assertThat(j.at("/query/bool/filter").toString()).contains("\"communeCode\"").contains("AZL");
        assertThat(j.has("aggregations")).isTrue();
        assertThat(j.at("/_source/includes").toString()).doesNotContain("\"text\"");
    }

    @Test
    void scopesTranslateToTermFilters() throws Exception {
        assertThat(SearchRequests.scopeFilter(Scope.all())).isNull();
        assertThat(SearchRequests.scopeFilter(Scope.architect("atlas")).term().field()).isEqualTo("architect");
        assertThat(SearchRequests.scopeFilter(Scope.organisation("ONEE")).term().field()).isEqualTo("organisations");
        assertThat(SearchRequests.scopeFilter(Scope.communes(Set.of("B", "A"))).terms().field()).isEqualTo("communeCode");
        assertThat(SearchRequests.scopeFilter(Scope.none()).isMatchNone()).isTrue();
        assertThat(SearchRequests.scopeFilter(Scope.anyOf(Scope.commune("A"), Scope.organisation("X"))).bool().should()).hasSize(2);
        assertThat(Scope.anyOf(Scope.none(), Scope.all())).isEqualTo(Scope.all());
        assertThat(Scope.anyOf(Scope.none(), Scope.none())).isEqualTo(Scope.none());
    }

    @Test
    void blankQueriesListNewestFirstWithoutHighlights() throws Exception {
        JsonNode j = json(SearchRequests.build("docs", QueryParser.parse(""), SearchQuery.of(""), Scope.all(), ZoneId.of("UTC")));
        assertThat(j.has("highlight")).isFalse();
        assertThat(j.at("/sort/0").toString()).contains("filedAt");
    }

    @Test
    void overlappingFragmentsOfTheSubFieldsAreMergedWithAllTheirMarks() {
        List<String> merged = SearchRequests.mergeHighlights(Map.of(
                "text", List.of("Certificat de <mark>propriété</mark>. Titre foncier n° 7731&#x2F;42"),
                "text.ident", List.of("Titre foncier n° <mark>7731&#x2F;42</mark>"),
                "text.fr", List.of("Certificat de <mark>propriété</mark>. Titre foncier n° 7731&#x2F;42", "Autre <mark>passage</mark>")));
        assertThat(merged).containsExactly(
                "Certificat de <mark>propriété</mark>. Titre foncier n° <mark>7731&#x2F;42</mark>",
                "Autre <mark>passage</mark>");
    }

    @Test
    void onlyTheSubFieldsThatCanMarkWhatWasTypedAreHighlighted() throws Exception {
        assertThat(SearchRequests.highlightFields(QueryParser.parse("foncier"))).containsExactly("text", "text.fr");
        assertThat(SearchRequests.highlightFields(QueryParser.parse("البناء"))).containsExactly("text", "text.ar", "text.arx");
        assertThat(SearchRequests.highlightFields(QueryParser.parse("permis \"رخصة البناء\""))).containsExactly("text", "text.ar", "text.arx", "text.fr");
        assertThat(SearchRequests.highlightFields(QueryParser.parse("2026"))).containsExactly("text", "text.ar", "text.arx", "text.fr");
        assertThat(SearchRequests.highlightFields(QueryParser.parse("7731/42"))).containsExactly("text.ident");
        JsonNode j = json(SearchRequests.build("docs", QueryParser.parse("titre 7731/42"), SearchQuery.of("titre 7731/42"),
                Scope.all(), ZoneId.of("UTC")));
        assertThat(j.at("/highlight/fields").toString()).contains("\"text\"", "\"text.fr\"", "\"text.ident\"").doesNotContain("text.ar");
    }

    @Test
    void marksWholeWordsOnlyAndNeverInsideEntities() {
        assertThat(SearchRequests.mark("de demande &amp; amp", Set.of("de", "amp")))
                .isEqualTo("<mark>de</mark> demande &amp; <mark>amp</mark>");
    }
}
