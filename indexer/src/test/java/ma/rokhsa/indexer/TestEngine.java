package ma.rokhsa.indexer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;

/**
 * One real embedded search node (child JVM) and one client for the whole integration-test JVM:
 * started on first use, stopped by the node's own shutdown hook when the JVM exits. Each test
 * class works under its own alias so classes do not see each other's documents.
 */
final class TestEngine {

    static final Path DATA = Path.of("target", "it-data").toAbsolutePath();
    private static EmbeddedSearchNode node;
    private static ElasticsearchAsyncClient client;

    private TestEngine() {
    }

    static synchronized EmbeddedSearchNode node() {
        if (node == null) {
            try {
                SearchNodeBinaries.deleteTree(DATA.resolve("search-node").resolve("home"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            node = EmbeddedSearchNode.builder(DATA).heap(System.getProperty("it.node.heap", "512m")).build();
            long started = System.nanoTime();
            node.startBlocking();
            System.out.printf("embedded search node started in %d ms on %s%n",
                    (System.nanoTime() - started) / 1_000_000, node.httpUri());
        }
        return node;
    }

    static synchronized ElasticsearchAsyncClient client() {
        if (client == null) {
            client = ElasticsearchClients.create(node().clientSettings().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30)));
        }
        return client;
    }

    /** A fresh alias (and index behind it) for one test class. */
    static ElasticsearchDossierIndex freshIndex(String prefix, IndexerSettings settings) {
        String alias = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        ElasticsearchDossierIndex index = ElasticsearchDossierIndex.create(client(), settings.withAlias(alias));
        index.ensureIndex().block(Duration.ofSeconds(60));
        return index;
    }
}
