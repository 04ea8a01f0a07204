package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scoping is a filter inside the engine's query: no hit, total, facet bucket or highlight may come
 * from a document outside the caller's scope, whatever the query and filters.
 */
class ScopeIT {

    static final Duration T = Duration.ofSeconds(30);
    static ElasticsearchDossierIndex index;

    // Two communes with the same kind of dossiers and shared words; each has a secret word of its own.
    static final DossierFields A1 = Fixtures.dossier("A1", "BM-2026-100001", "BUILDING_PERMIT_SMALL", "UNDER_REVIEW",
            "AZL", "Azilal", "arch-a", Set.of("AUA"), "2026-02-01");
    static final DossierFields A2 = Fixtures.dossier("A2", "BM-2026-100002", "DEMOLITION", "SUBMITTED",
            "AZL", "Azilal", "arch-b", Set.of("ONEE"), "2026-02-02");
    static final DossierFields B1 = Fixtures.dossier("B1", "BM-2026-200001", "SUBDIVISION", "APPROVED",
            "DMN", "Demnate", "arch-b", Set.of("AUA", "ANCFCC"), "2026-02-03");

    @BeforeAll
    static void indexDocuments() {
        index = TestEngine.freshIndex("scope", IndexerSettings.defaults());
        List<IndexedDocument> docs = new ArrayList<>();
        docs.add(Fixtures.document("a1-1", A1, "demande.pdf", "APPLICATION_FORM", "fr",
                "Demande de permis de construire, parcelle alpha, titre foncier 1111/11, zone villa."));
        docs.add(Fixtures.document("a1-2", A1, "plans.pdf", "PLANS", "fr",
                "Plans du permis de construire, façade alpha."));
        docs.add(Fixtures.document("a2-1", A2, "demolition.pdf", "APPLICATION_FORM", "fr",
                "Demande de permis de démolir, parcelle azilalsecret, titre foncier 2222/22."));
        docs.add(Fixtures.document("b1-1", B1, "lotissement.pdf", "APPLICATION_FORM", "fr",
                "Demande de permis de lotir, parcelle demnatesecret voisine, titre foncier 3333/33, zone villa."));
        docs.add(Fixtures.document("b1-2", B1, "plan-ar.pdf", "PLANS", "ar",
                "طلب رخصة التجزئة في جماعة دمنات، الرسم العقاري عدد 3333/33."));
        assertThat(index.index(docs).block(T)).allMatch(IndexResult::indexed);
    }

    static SearchPage search(String text, Scope scope) {
        return index.search(SearchQuery.of(text), scope).block(T);
    }

    @Test
    void aCommuneSeesOnlyItsOwnDocumentsTotalsAndFacets() {
        SearchPage page = search("permis", Scope.commune("AZL"));
        assertThat(page.hits()).extracting(SearchPage.Hit::documentId).containsExactlyInAnyOrder("a1-1", "a1-2", "a2-1");
        assertThat(page.total()).isEqualTo(3);
        assertThat(page.facets().commune()).containsExactly(new SearchPage.Bucket("AZL", "Azilal", 3));
        assertThat(page.facets().type()).extracting(SearchPage.Bucket::key)
                .containsExactlyInAnyOrder("BUILDING_PERMIT_SMALL", "DEMOLITION");
        assertThat(page.facets().status()).extracting(SearchPage.Bucket::key).doesNotContain("APPROVED");

        SearchPage all = search("permis", Scope.all());
        assertThat(all.total()).isEqualTo(4);
    }

    @Test
    void anotherCommunesWordsFindNothingNotEvenFacets() {
        for (String text : List.of("demnatesecret", "3333/33", "BM-2026-200001", "lotir", "\"zone villa\" demnatesecret",
                "دمنات", "التجزئة")) {
            SearchPage page = search(text, Scope.commune("AZL"));
            assertThat(page.total()).as(text).isZero();
            assertThat(page.hits()).as(text).isEmpty();
            assertThat(Stream.of(page.facets().type(), page.facets().status(), page.facets().commune(), page.facets().kind())
                    .flatMap(List::stream)).as(text).isEmpty();
            assertThat(search(text, Scope.all()).total()).as(text).isPositive(); // the documents do exist
        }
    }

    @Test
    void highlightsComeOnlyFromDocumentsInScope() {
        // "zone villa" is in a1-1 and b1-1; b1-1's neighbouring words must never show up for AZL.
        SearchPage page = search("\"zone villa\"", Scope.commune("AZL"));
        assertThat(page.hits()).extracting(SearchPage.Hit::documentId).containsExactly("a1-1");
        String highlights = String.join(" ", page.hits().get(0).highlights());
        assertThat(highlights).contains("<mark>zone</mark>").doesNotContain("demnatesecret").doesNotContain("3333");

        SearchPage both = search("\"zone villa\"", Scope.all());
        assertThat(both.hits()).hasSize(2);
    }

    @Test
    void filtersCannotWidenTheScope() {
        SearchPage page = index.search(SearchQuery.of("permis").withCommune("DMN"), Scope.commune("AZL")).block(T);
        assertThat(page.total()).isZero();
        assertThat(page.facets().commune()).isEmpty();
    }

    @Test
    void anArchitectSeesOnlyTheDossiersHeFiled() {
        assertThat(search(null, Scope.architect("arch-a")).hits()).extracting(SearchPage.Hit::documentId)
                .containsExactlyInAnyOrder("a1-1", "a1-2");
        SearchPage b = search("permis", Scope.architect("arch-b"));
        assertThat(b.hits()).extracting(SearchPage.Hit::documentId).containsExactlyInAnyOrder("a2-1", "b1-1");
        assertThat(b.facets().commune()).extracting(SearchPage.Bucket::key).containsExactlyInAnyOrder("AZL", "DMN");
        assertThat(search("alpha", Scope.architect("arch-b")).total()).isZero();
        assertThat(search(null, Scope.architect("nobody")).total()).isZero();
    }

    @Test
    void aCommissionMemberSeesOnlyDossiersSentToHisOrganisation() {
        assertThat(search(null, Scope.organisation("AUA")).hits()).extracting(SearchPage.Hit::documentId)
                .containsExactlyInAnyOrder("a1-1", "a1-2", "b1-1", "b1-2");
        assertThat(search(null, Scope.organisation("ONEE")).hits()).extracting(SearchPage.Hit::documentId)
                .containsExactly("a2-1");
        assertThat(search("azilalsecret", Scope.organisation("AUA")).total()).isZero();
    }

    @Test
    void unionsAndNothing() {
        assertThat(search(null, Scope.anyOf(Scope.commune("DMN"), Scope.organisation("ONEE"))).hits())
                .extracting(SearchPage.Hit::documentId).containsExactlyInAnyOrder("a2-1", "b1-1", "b1-2");
        assertThat(search(null, Scope.communes(Set.of("AZL", "DMN"))).total()).isEqualTo(5);
        SearchPage none = search("permis", Scope.none());
        assertThat(none.total()).isZero();
        assertThat(none.facets().commune()).isEmpty();
        assertThat(search(null, Scope.communes(Set.of())).total()).isZero();
    }
}
