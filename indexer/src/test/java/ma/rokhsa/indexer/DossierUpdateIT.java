package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Dossier changes reach all its documents; deletes by document and by dossier. */
class DossierUpdateIT {

    static final Duration T = Duration.ofSeconds(30);

    @Test
    void statusChangeUpdatesEveryDocumentOfTheDossierAndOnlyThem() {
        ElasticsearchDossierIndex index = TestEngine.freshIndex("update", IndexerSettings.defaults());
        DossierFields d1 = Fixtures.dossier("D1", "BM-2026-000001", "BUILDING_PERMIT_SMALL", "SUBMITTED", "AZL", "Azilal",
                "atlas", Set.of(), "2026-02-01");
        DossierFields d2 = Fixtures.dossier("D2", "BM-2026-000002", "BUILDING_PERMIT_SMALL", "SUBMITTED", "AZL", "Azilal",
                "atlas", Set.of(), "2026-02-01");
        List<IndexedDocument> docs = new java.util.ArrayList<>();
        for (int i = 0; i < 1050; i++) { // more than one id page (1000) and one update batch (500)
            docs.add(Fixtures.document("d1-" + i, d1, "plan-" + i + ".pdf", "PLAN", "fr", "plan numéro " + i));
        }
        docs.add(Fixtures.document("d2-0", d2, "plan.pdf", "PLAN", "fr", "plan"));
        long t0 = System.nanoTime();
        assertThat(index.index(docs).block(T)).allMatch(IndexResult::indexed);
        System.out.printf("indexed %d documents in %d ms%n", docs.size(), (System.nanoTime() - t0) / 1_000_000);

        DossierFields approved = new DossierFields("D1", "BM-2026-000001", "BUILDING_PERMIT_SMALL", "APPROVED", "AZL",
                "Azilal", "P-AZL", "Mohamed Alaoui", "atlas", Set.of("AUA", "ONEE"), d1.filedAt(), d1.updatedAt());
        t0 = System.nanoTime();
        assertThat(index.updateDossier(approved).block(T)).isEqualTo(1050L);
        System.out.printf("updated 1050 documents of a dossier in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        SearchPage page = index.search(SearchQuery.of("plan"), Scope.all()).block(T);
        assertThat(page.facets().status()).containsExactlyInAnyOrder(
                new SearchPage.Bucket("APPROVED", "APPROVED", 1050), new SearchPage.Bucket("SUBMITTED", "SUBMITTED", 1));
        assertThat(index.search(SearchQuery.of(null), Scope.organisation("ONEE")).block(T).total()).isEqualTo(1050);

        // Removing the organisations again (an empty list) also reaches the documents.
        assertThat(index.updateDossier(d1).block(T)).isEqualTo(1050L);
        assertThat(index.search(SearchQuery.of(null), Scope.organisation("ONEE")).block(T).total()).isZero();

        index.delete("d2-0").block(T);
        index.delete("no-such-document").block(T);
        assertThat(index.search(SearchQuery.of(null).withPage(0, 1), Scope.all()).block(T).total()).isEqualTo(1050);
        assertThat(index.deleteDossier("D1").block(T)).isEqualTo(1050L);
        assertThat(index.search(SearchQuery.of(null), Scope.all()).block(T).total()).isZero();
    }
}
