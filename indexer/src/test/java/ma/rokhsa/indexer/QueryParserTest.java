package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryParserTest {

    @Test
    void splitsWordsPhrasesIdentifiersAndExclusions() {
        QueryParser.ParsedQuery q = QueryParser.parse("permis \"titre foncier\" 48213/10 BM-2026-000123 -refus -\"avis défavorable\" -12345/C");
        assertThat(q.words()).containsExactly("permis");
        assertThat(q.phrases()).containsExactly("titre foncier");
        assertThat(q.identifiers()).containsExactly("48213/10", "BM-2026-000123");
        assertThat(q.excludedWords()).containsExactly("refus");
        assertThat(q.excludedPhrases()).containsExactly("avis défavorable");
        assertThat(q.excludedIdentifiers()).containsExactly("12345/C");
    }

    @Test
    void hyphenatedWordsWithoutDigitsStayWords() {
        QueryParser.ParsedQuery q = QueryParser.parse("rez-de-chaussée l'immeuble");
        assertThat(q.words()).containsExactly("rez-de-chaussée", "l'immeuble");
        assertThat(q.identifiers()).isEmpty();
    }

    @Test
    void punctuationAroundWordsIsDroppedAndLuceneSyntaxIsPlainText() {
        QueryParser.ParsedQuery q = QueryParser.parse("(permis) AND titre:foncier* ~2 ^3 \\ 48213/10,");
        assertThat(q.words()).containsExactly("permis", "AND", "titre:foncier", "2", "3");
        assertThat(q.identifiers()).containsExactly("48213/10");
    }

    @Test
    void typographicQuotesAndArabicPresentationFormsAreNormalised() {
        QueryParser.ParsedQuery q = QueryParser.parse("«titre foncier» “permis de construire” \uFEF7\uFEE3\uFEE0\uFE8E\uFEDB");
        assertThat(q.phrases()).containsExactly("titre foncier", "permis de construire");
        assertThat(q.words()).containsExactly("لأملاك");
    }

    @Test
    void bidiMarksPastedFromAPdfSeparateWords() {
        QueryParser.ParsedQuery q = QueryParser.parse("\u202B7731/42\u202Cوالواقعة");
        assertThat(q.identifiers()).containsExactly("7731/42");
        assertThat(q.words()).containsExactly("والواقعة");
    }

    @Test
    void blankIsAnEmptyQuery() {
        assertThat(QueryParser.parse(null).isEmpty()).isTrue();
        assertThat(QueryParser.parse("   ").isEmpty()).isTrue();
        assertThat(QueryParser.parse("-permis").hasPositive()).isFalse();
    }

    @Test
    void unbalancedQuoteIsABadQuery() {
        assertThatThrownBy(() -> QueryParser.parse("\"titre foncier"))
                .isInstanceOfSatisfying(IndexerException.class, e -> {
                    assertThat(e.code()).isEqualTo(IndexerException.Code.BAD_QUERY);
                    assertThat(e.getMessage()).contains("quote");
                });
    }

    @Test
    void tooLongIsRefusedBeforeAnyParsing() {
        assertThatThrownBy(() -> QueryParser.parse("a".repeat(SearchQuery.MAX_QUERY_LENGTH + 1)))
                .isInstanceOfSatisfying(IndexerException.class, e -> {
                    assertThat(e.code()).isEqualTo(IndexerException.Code.QUERY_TOO_LONG);
                    assertThat(e.context()).containsEntry("maxLength", SearchQuery.MAX_QUERY_LENGTH);
                });
        assertThat(QueryParser.parse("a".repeat(SearchQuery.MAX_QUERY_LENGTH)).words()).hasSize(1);
    }

    @Test
    void controlCharactersPrivateUseAndLoneSurrogatesAreRefused() {
        for (String bad : new String[] {"permis\u0000", "permis\u0007x", "\uE000", "permis\uD800"}) {
            assertThatThrownBy(() -> QueryParser.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(IndexerException.class, e -> assertThat(e.code()).isEqualTo(IndexerException.Code.BAD_QUERY));
        }
        assertThat(QueryParser.parse("permis\tde\nconstruire").words()).containsExactly("permis", "de", "construire");
    }

    @Test
    void onlyPunctuationOrTooManyTermsIsABadQuery() {
        assertThatThrownBy(() -> QueryParser.parse("!!! *** \"\" --"))
                .isInstanceOfSatisfying(IndexerException.class, e -> assertThat(e.code()).isEqualTo(IndexerException.Code.BAD_QUERY));
        assertThatThrownBy(() -> QueryParser.parse("mot ".repeat(QueryParser.MAX_CLAUSES + 1)))
                .isInstanceOfSatisfying(IndexerException.class, e -> assertThat(e.code()).isEqualTo(IndexerException.Code.BAD_QUERY));
    }
}
