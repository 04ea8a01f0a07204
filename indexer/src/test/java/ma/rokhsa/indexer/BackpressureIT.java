package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import reactor.core.publisher.Flux;

/**
 * Real push-back: a node whose write pool has one thread and a queue of one rejects most of eight
 * concurrent bulk requests (429, es_rejected_execution_exception). The indexer backs off, resends
 * only the rejected items, and every document ends up indexed exactly once.
 */
class BackpressureIT {

    static EmbeddedSearchNode node;
    static ElasticsearchAsyncClient client;

    @BeforeAll
    static void startSmallNode() throws Exception {
        TestEngine.node(); // binaries unpacked once, shared
        Path data = Path.of("target", "it-backpressure").toAbsolutePath();
        SearchNodeBinaries.deleteTree(data);
        node = EmbeddedSearchNode.builder(data)
                .binariesDir(TestEngine.DATA.resolve("search-node"))
                .setting("thread_pool.write.size", "1")
                .setting("thread_pool.write.queue_size", "1")
                .build();
        node.startBlocking();
        client = ElasticsearchClients.create(node.clientSettings());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        node.close();
    }

    @Test
    void rejectedItemsAreRetriedUntilIndexed() {
        IndexerSettings settings = IndexerSettings.defaults().withAlias("pressure")
                .withBatching(20, 1024 * 1024, Duration.ofMillis(50), 8)
                .withRetries(30, Duration.ofMillis(20), Duration.ofMillis(500));
        ElasticsearchDossierIndex index = ElasticsearchDossierIndex.create(client, settings);
        index.ensureIndex().block(Duration.ofSeconds(60));
        DossierFields d = Fixtures.dossier("P1", "BM-2026-400001", "BUILDING_PERMIT_SMALL", "SUBMITTED", "AZL", "Azilal",
                "atlas", Set.of(), "2026-02-01");
        List<IndexedDocument> docs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            docs.add(Fixtures.document("p-" + i, d, "p" + i + ".pdf", "PLANS", "fr", "plan de masse numéro " + i));
        }
        List<IndexResult> results = index.ingest(Flux.fromIterable(docs)).collectList().block(Duration.ofMinutes(3));

        assertThat(results).hasSize(2000).allMatch(IndexResult::indexed);
        assertThat(results.stream().map(IndexResult::documentId).distinct().count()).isEqualTo(2000);
        long retried = results.stream().filter(r -> r.attempts() > 1).count();
        System.out.printf("back-pressure: %d of %d documents needed more than one attempt (max %d)%n", retried,
                results.size(), results.stream().mapToInt(IndexResult::attempts).max().orElse(0));
        assertThat(retried).as("the node did push back").isPositive();
        assertThat(index.search(SearchQuery.of("plan masse").withPage(0, 1), Scope.all()).block().total()).isEqualTo(2000);
    }
}
