package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The engine stopped and started again mid-run: data kept, the same client recovers, documents
 * sent while it was down are reported "retry later" or, with enough retries, indexed once it is back.
 */
class RestartIT {

    static final Duration T = Duration.ofSeconds(60);

    @Test
    void dataSurvivesARestartAndTheClientRecovers() {
        EmbeddedSearchNode node = TestEngine.node();
        ElasticsearchDossierIndex index = TestEngine.freshIndex("restart", IndexerSettings.defaults());
        DossierFields d = Fixtures.dossier("R1", "BM-2026-300001", "BUILDING_PERMIT_SMALL", "SUBMITTED", "AZL", "Azilal",
                "atlas", Set.of(), "2026-02-01");
        assertThat(index.index(List.of(Fixtures.document("before", d, "a.pdf", "PLANS", "fr", "plan avant redémarrage"))).block(T))
                .allMatch(IndexResult::indexed);
        long pid = node.pid();

        node.stopBlocking();
        assertThat(node.isRunning()).isFalse();
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(index.health().block(T).status()).isEqualTo(EngineHealth.Status.UNREACHABLE);
        assertThatThrownBy(() -> index.search(SearchQuery.of("plan"), Scope.all()).block(T))
                .isInstanceOfSatisfying(IndexerException.class,
                        e -> assertThat(e.code()).isEqualTo(IndexerException.Code.ENGINE_UNAVAILABLE));

        // Engine down, few retries: the document comes back as "retry later", nothing is lost silently.
        ElasticsearchDossierIndex impatient = ElasticsearchDossierIndex.create(TestEngine.client(),
                IndexerSettings.defaults().withAlias(index.alias()).withRetries(2, Duration.ofMillis(50), Duration.ofMillis(100)));
        List<IndexResult> down = impatient.index(List.of(Fixtures.document("while-down", d, "b.pdf", "PLANS", "fr", "plan pendant la panne")))
                .block(T);
        assertThat(down).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(IndexResult.Outcome.RETRY_LATER);
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(r.errorCode()).isEqualTo("ENGINE_UNAVAILABLE");
        });

        // Engine down, patient retries: indexing resumes by itself once the node is back.
        ElasticsearchDossierIndex patient = ElasticsearchDossierIndex.create(TestEngine.client(),
                IndexerSettings.defaults().withAlias(index.alias()).withRetries(30, Duration.ofMillis(200), Duration.ofSeconds(1)));
        List<IndexedDocument> pending = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pending.add(Fixtures.document("during-" + i, d, "c" + i + ".pdf", "PLANS", "fr", "plan numéro " + i + " pendant la panne"));
        }
        var inFlight = patient.ingest(Flux.fromIterable(pending)).collectList().subscribeOn(Schedulers.boundedElastic()).toFuture();

        node.startBlocking();
        assertThat(node.pid()).isNotEqualTo(pid);
        List<IndexResult> resumed = inFlight.join();
        assertThat(resumed).hasSize(50).allMatch(IndexResult::indexed);
        assertThat(resumed).anyMatch(r -> r.attempts() > 1);

        assertThat(index.health().block(T).ready()).isTrue();
        assertThat(index.search(SearchQuery.of("redemarrage"), Scope.all()).block(T).hits())
                .extracting(SearchPage.Hit::documentId).containsExactly("before");
        assertThat(index.search(SearchQuery.of("panne"), Scope.all()).block(T).total()).isEqualTo(50);
        assertThat(index.index(List.of(Fixtures.document("after", d, "d.pdf", "PLANS", "fr", "plan après"))).block(T))
                .allMatch(IndexResult::indexed);
    }
}
