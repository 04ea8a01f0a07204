package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import reactor.test.StepVerifier;

/**
 * Search over the real embedded node: Arabic and French found by inflected forms, diacritics and
 * the definite article folded, phrases, exclusions, title-deed and reference numbers, facets,
 * filters, highlights, paging, dossier updates and deletes.
 */
class SearchIT {

    static final Duration T = Duration.ofSeconds(30);
    static ElasticsearchDossierIndex index;
    static final DossierFields AZILAL_PERMIT = Fixtures.dossier("D-AR", "BM-2026-000123", "BUILDING_PERMIT_SMALL",
            "UNDER_REVIEW", "AZL", "Azilal", "atlas", Set.of("AUA"), "2026-02-10");
    static final DossierFields AZILAL_HABITATION = Fixtures.dossier("D-HAB", "HB-2026-000045", "HABITATION_PERMIT",
            "APPROVED", "AZL", "Azilal", "atlas", Set.of(), "2026-01-15");
    static final DossierFields DEMNATE_PERMIT = Fixtures.dossier("D-PLANS", "BM-2026-000124", "BUILDING_PERMIT_LARGE",
            "SUBMITTED", "DMN", "Demnate", "rif", Set.of("AUA", "ONEE"), "2026-03-05");

    @BeforeAll
    static void indexFixtures() {
        index = TestEngine.freshIndex("search", IndexerSettings.defaults());
        List<IndexResult> results = index.index(List.of(
                Fixtures.document("ar-1", AZILAL_PERMIT, "demande.pdf", "APPLICATION_FORM", "ar", Fixtures.text("demande-ar.txt")),
                Fixtures.document("fr-1", AZILAL_PERMIT, "certificat-propriete.pdf", "PROPERTY_CERTIFICATE", "fr", Fixtures.text("certificat-fr.txt")),
                Fixtures.document("ar-2", AZILAL_HABITATION, "decision.pdf", "DECISION", "ar", Fixtures.text("decision-ar-vocalised.txt")),
                Fixtures.document("fr-2", DEMNATE_PERMIT, "notice-plans.pdf", "ARCHITECTURAL_PLANS", "fr", Fixtures.text("plans-fr.txt")),
                Fixtures.document("fr-3", DEMNATE_PERMIT, "remarques.pdf", "NOTE", "fr",
                        "Remarque <script>alert(1)</script> sur le permis de démolir l'ancienne remise.")))
                .block(T);
        assertThat(results).extracting(IndexResult::outcome).containsOnly(IndexResult.Outcome.INDEXED);
        assertThat(results).extracting(IndexResult::documentId).containsExactly("ar-1", "fr-1", "ar-2", "fr-2", "fr-3");
    }

    static List<String> ids(String text) {
        return ids(SearchQuery.of(text));
    }

    static List<String> ids(SearchQuery q) {
        return index.search(q, Scope.all()).block(T).hits().stream().map(SearchPage.Hit::documentId).sorted().toList();
    }

    @Test
    void frenchWordsAreFoundByOtherInflectionsAndWithoutAccents() {
        assertThat(ids("propriétaires")).containsExactly("fr-1");        // text has "Propriétaire"
        assertThat(ids("certificats")).containsExactly("fr-1");          // "Certificat"
        assertThat(ids("hypotheque")).containsExactly("fr-1");           // "hypothèque"
        assertThat(ids("facade principale")).containsExactly("fr-2");    // "façades principales"
        assertThat(ids("construction annexe")).containsExactly("fr-2");  // "constructions annexes"
    }

    @Test
    void rezDeChausseeWithoutHyphensOrAccentFindsTheHyphenatedForm() {
        assertThat(ids("rez de chaussee")).containsExactly("fr-2");
        assertThat(ids("\"rez de chaussee\"")).containsExactly("fr-2");
        assertThat(ids("REZ-DE-CHAUSSÉE")).containsExactly("fr-2");
    }

    @Test
    void arabicWordsAreFoundWithAndWithoutTheDefiniteArticle() {
        assertThat(ids("بناء")).contains("ar-1");                 // text has "البناء"
        assertThat(ids("الطلبات")).containsExactly("ar-1", "ar-2"); // article + plural of "طلب" / "طَلَبِ"
        assertThat(ids("الرخصة")).containsExactly("ar-1", "ar-2"); // "رخصة" and vocalised "رُخْصَةِ"
    }

    @Test
    void arabicWithoutDiacriticsFindsVocalisedTextAndTheReverse() {
        assertThat(ids("قرار رخصة السكن")).containsExactly("ar-2");
        assertThat(ids("رُخْصَةُ الْبِنَاءِ")).contains("ar-1");
        assertThat(ids("الاشغال المنجزة")).containsExactly("ar-2"); // "الْأَشْغَالِ الْمُنْجَزَةِ": hamza on alef folded too
        assertThat(ids("الطابق الارضي")).containsExactly("ar-1", "ar-2"); // "طابقين", "أرضية" share the stems
    }

    @Test
    void arabicWordsAreFoundWhereTheTextGluesAPrepositionOrASuffixToThem() {
        assertThat(ids("شبكات")).containsExactly("ar-1");       // text has "بشبكات" (with the networks)
        assertThat(ids("\"شبكات الماء الصالح للشرب\"")).containsExactly("ar-1");
        assertThat(ids("متر مربع")).containsExactly("ar-1");    // "مترا مربعا" (accusative alef)
        assertThat(ids("مساحة")).containsExactly("ar-1");       // "مساحتها" (its area)
        assertThat(index.search(SearchQuery.of("شبكات"), Scope.all()).block(T).hits().get(0).highlights())
                .anyMatch(h -> h.contains("<mark>بشبكات</mark>"));
        // Variants come from the indexed text only, never from the query: "فناء" (a courtyard) does not find "ببناء".
        assertThat(ids("فناء")).isEmpty();
    }

    @Test
    void exactPhrasesMatchInOrderOnly() {
        assertThat(ids("\"titre foncier\"")).containsExactly("fr-1");
        assertThat(ids("\"foncier titre\"")).isEmpty();
        assertThat(ids("«titre foncier»")).containsExactly("fr-1");
        assertThat(ids("\"الرسم العقاري\"")).containsExactly("ar-1", "ar-2");
    }

    @Test
    void exclusionsRemoveDocuments() {
        assertThat(ids("7731/42")).containsExactly("ar-1", "fr-1");
        assertThat(ids("7731/42 -certificat")).containsExactly("ar-1");
        assertThat(ids("permis -\"démolir\"")).isEmpty();
        assertThat(ids("-hypothèque")).containsExactly("ar-1", "ar-2", "fr-2", "fr-3");
    }

    @Test
    void titleDeedNumbersMatchWhole() {
        assertThat(ids("7731/42")).containsExactly("ar-1", "fr-1");
        assertThat(ids("55120/07")).containsExactly("ar-2");
        assertThat(ids("titre 7731/42")).containsExactly("fr-1");
        assertThat(ids("7731/4")).isEmpty();
        assertThat(ids("77731/42")).isEmpty();
    }

    @Test
    void referenceNumbersMatchExactlyInAnyCase() {
        assertThat(ids("BM-2026-000123")).containsExactly("ar-1", "fr-1");
        assertThat(ids("bm-2026-000123")).containsExactly("ar-1", "fr-1");
        assertThat(ids("BM-2026-000124")).containsExactly("fr-2", "fr-3");
        assertThat(ids("BM-2026-00012")).isEmpty();
    }

    @Test
    void facetsCountWhatMatches() {
        SearchPage all = index.search(SearchQuery.of(null), Scope.all()).block(T);
        assertThat(all.total()).isEqualTo(5);
        assertThat(all.facets().type()).containsExactlyInAnyOrder(
                new SearchPage.Bucket("BUILDING_PERMIT_SMALL", "BUILDING_PERMIT_SMALL", 2),
                new SearchPage.Bucket("BUILDING_PERMIT_LARGE", "BUILDING_PERMIT_LARGE", 2),
                new SearchPage.Bucket("HABITATION_PERMIT", "HABITATION_PERMIT", 1));
        assertThat(all.facets().commune()).containsExactly(
                new SearchPage.Bucket("AZL", "Azilal", 3), new SearchPage.Bucket("DMN", "Demnate", 2));
        assertThat(all.facets().kind()).hasSize(5).allMatch(b -> b.count() == 1);

        SearchPage deeds = index.search(SearchQuery.of("7731/42"), Scope.all()).block(T);
        assertThat(deeds.facets().commune()).containsExactly(new SearchPage.Bucket("AZL", "Azilal", 2));
        assertThat(deeds.facets().kind()).extracting(SearchPage.Bucket::key)
                .containsExactlyInAnyOrder("APPLICATION_FORM", "PROPERTY_CERTIFICATE");
        assertThat(deeds.facets().status()).containsExactly(new SearchPage.Bucket("UNDER_REVIEW", "UNDER_REVIEW", 2));
    }

    @Test
    void filtersNarrowTheResults() {
        assertThat(ids(SearchQuery.of(null).withCommune("DMN"))).containsExactly("fr-2", "fr-3");
        assertThat(ids(SearchQuery.of(null).withKind("DECISION"))).containsExactly("ar-2");
        assertThat(ids(SearchQuery.of(null).withType("BUILDING_PERMIT_SMALL").withStatus("UNDER_REVIEW")))
                .containsExactly("ar-1", "fr-1");
        assertThat(ids(SearchQuery.of(null).withFiled(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 10))))
                .containsExactly("ar-1", "fr-1");
        assertThat(ids(SearchQuery.of(null).withFiled(null, LocalDate.of(2026, 1, 15)))).containsExactly("ar-2");
        assertThat(ids(SearchQuery.of("7731/42").withCommune("DMN"))).isEmpty();
    }

    @Test
    void highlightsMarkTheMatchedWordsInTheDocumentText() {
        SearchPage.Hit hit = index.search(SearchQuery.of("hypotheque"), Scope.all()).block(T).hits().get(0);
        assertThat(hit.highlights()).hasSize(1);
        // the folded analyzer drops the elided article, the highlight spans the written word
        assertThat(hit.highlights().get(0)).contains("<mark>d&#x27;hypothèque</mark>").contains("inscription");

        SearchPage.Hit arabic = index.search(SearchQuery.of("بناء"), Scope.all()).block(T).hits().stream()
                .filter(h -> h.documentId().equals("ar-1")).findFirst().orElseThrow();
        assertThat(String.join(" ", arabic.highlights())).contains("<mark>البناء</mark>");

        SearchPage.Hit deed = index.search(SearchQuery.of("7731/42"), Scope.all()).block(T).hits().stream()
                .filter(h -> h.documentId().equals("fr-1")).findFirst().orElseThrow();
        assertThat(deed.highlights()).hasSize(1);
        assertThat(deed.highlights().get(0)).contains("<mark>7731&#x2F;42</mark>");
    }

    @Test
    void highlightsAreHtmlEscaped() {
        SearchPage.Hit hit = index.search(SearchQuery.of("démolir"), Scope.all()).block(T).hits().get(0);
        assertThat(hit.documentId()).isEqualTo("fr-3");
        assertThat(hit.highlights().get(0)).contains("&lt;script&gt;").doesNotContain("<script>").contains("<mark>démolir</mark>");
    }

    @Test
    void hitsCarryTheDossierAndDocumentFields() {
        SearchPage page = index.search(SearchQuery.of("certificat propriété"), Scope.all()).block(T);
        assertThat(page.total()).isEqualTo(1);
        SearchPage.Hit hit = page.hits().get(0);
        assertThat(hit.documentId()).isEqualTo("fr-1");
        assertThat(hit.dossierId()).isEqualTo("D-AR");
        assertThat(hit.reference()).isEqualTo("BM-2026-000123");
        assertThat(hit.fileName()).isEqualTo("certificat-propriete.pdf");
        assertThat(hit.kind()).isEqualTo("PROPERTY_CERTIFICATE");
        assertThat(hit.score()).isPositive();
    }

    @Test
    void pagesDoNotOverlapAndTheResultWindowIsEnforced() {
        List<String> first = ids(SearchQuery.of(null).withPage(0, 2));
        List<String> second = ids(SearchQuery.of(null).withPage(1, 2));
        List<String> third = ids(SearchQuery.of(null).withPage(2, 2));
        assertThat(first).hasSize(2);
        assertThat(second).hasSize(2).doesNotContainAnyElementsOf(first);
        assertThat(third).hasSize(1);
        StepVerifier.create(index.search(SearchQuery.of(null).withPage(100, 100), Scope.all()))
                .expectErrorSatisfies(e -> assertThat(((IndexerException) e).code()).isEqualTo(IndexerException.Code.BAD_FILTER))
                .verify(T);
    }

    @Test
    void badQueriesFailWithTheirCodeWithoutReachingTheEngine() {
        assertCode("\"titre foncier", IndexerException.Code.BAD_QUERY);
        assertCode("x".repeat(SearchQuery.MAX_QUERY_LENGTH + 1), IndexerException.Code.QUERY_TOO_LONG);
        assertCode("permis\u0000", IndexerException.Code.BAD_QUERY);
        assertCode("!!! ... ???", IndexerException.Code.BAD_QUERY);
        // Lucene syntax is only punctuation here: it neither fails nor widens the search
        assertThat(ids("titre:foncier AND (hypotheque OR *)~2")).isEmpty();
        assertThat(ids("hypotheque^10 OR/AND")).isEmpty();
        assertThat(ids("hypotheque*")).containsExactly("fr-1");
    }

    private static void assertCode(String text, IndexerException.Code code) {
        assertThatThrownBy(() -> index.search(SearchQuery.of(text), Scope.all()).block(T))
                .isInstanceOfSatisfying(IndexerException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
