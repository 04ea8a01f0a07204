package ma.rokhsa.api.search;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import jakarta.annotation.PreDestroy;
import ma.rokhsa.api.config.Periodic;
import ma.rokhsa.api.config.RokhsaProperties;
import ma.rokhsa.indexer.ElasticsearchClients;
import ma.rokhsa.indexer.ElasticsearchDossierIndex;
import ma.rokhsa.indexer.ElasticsearchSettings;
import ma.rokhsa.indexer.EmbeddedSearchNode;
import ma.rokhsa.indexer.IndexerException;
import ma.rokhsa.indexer.IndexerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Connects the application to its search engine without ever holding start-up: the embedded node (one
 * per data folder and JVM, in its own process) is started in the background, the index template and
 * alias are ensured with retries, and {@link #index()} hands out the index once it is there. Until then,
 * and whenever the engine is down, the pipeline keeps accepting uploads and indexing waits.
 */
@Component
public class SearchEngine {

    private static final Logger log = LoggerFactory.getLogger(SearchEngine.class);
    private static final Map<Path, EmbeddedSearchNode> NODES = new ConcurrentHashMap<>();

    private final SearchProperties props;
    private final Path dataDir;
    private final Sinks.One<ElasticsearchDossierIndex> ready = Sinks.one();
    private volatile ElasticsearchDossierIndex index;
    private volatile ElasticsearchAsyncClient client;
    private volatile String state = "starting";
    private Disposable startup;
    private Disposable watchdog;

    SearchEngine(SearchProperties props, RokhsaProperties rokhsa) {
        this.props = props;
        this.dataDir = rokhsa.dataDir().toAbsolutePath().normalize();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!props.enabled()) {
            state = "disabled";
            log.info("Search is switched off on this instance (rokhsa.search.enabled=false)");
            return;
        }
        startup = settings()
                .map(s -> {
                    client = ElasticsearchClients.create(s);
                    return ElasticsearchDossierIndex.create(client, IndexerSettings.defaults().withAlias(props.alias()));
                })
                .flatMap(idx -> idx.ensureIndex().thenReturn(idx))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(r -> {
                            state = "unavailable: " + r.failure().getMessage();
                            log.warn("Search engine not ready yet ({}); retrying", r.failure().toString());
                        }))
                .subscribe(idx -> {
                    index = idx;
                    state = "ready";
                    ready.tryEmitValue(idx);
                    log.info("Search engine ready (alias {})", props.alias());
                }, e -> log.error("Search engine start-up abandoned", e));
        if (props.embedded()) {
            // The embedded node is ours to keep alive: if its process dies, start it again; work waits meanwhile.
            watchdog = Periodic.every(Duration.ofSeconds(5), Duration.ofSeconds(5))
                    .filter(i -> index != null)
                    .concatMap(i -> {
                        EmbeddedSearchNode node = NODES.get(dataDir);
                        if (node == null || node.isRunning()) {
                            return Mono.empty();
                        }
                        log.warn("The embedded search node stopped; restarting it");
                        state = "restarting";
                        return node.start().doOnSuccess(v -> {
                                    state = "ready";
                                    log.info("Embedded search node restarted");
                                })
                                .onErrorResume(e -> {
                                    log.warn("Could not restart the search node: {}", e.toString());
                                    return Mono.empty();
                                });
                    })
                    .subscribe();
        }
    }

    /** The embedded node's process id, if this JVM runs one (operations and tests). */
    public java.util.OptionalLong embeddedNodePid() {
        EmbeddedSearchNode node = NODES.get(dataDir);
        return node != null && node.isRunning() ? java.util.OptionalLong.of(node.pid()) : java.util.OptionalLong.empty();
    }

    private Mono<ElasticsearchSettings> settings() {
        if (!props.embedded()) {
            if (props.urls().isEmpty()) {
                return Mono.error(new IllegalStateException("rokhsa.search.urls is empty and the embedded node is off"));
            }
            ElasticsearchSettings s = ElasticsearchSettings.of(props.urls().stream().map(URI::create).toArray(URI[]::new));
            if (props.apiKey() != null && !props.apiKey().isBlank()) {
                s = s.withApiKey(props.apiKey());
            } else if (props.username() != null && !props.username().isBlank()) {
                s = s.withBasicAuth(props.username(), props.password());
            }
            if (props.caCertificate() != null) {
                s = s.withCaCertificate(props.caCertificate());
            }
            if (props.truststore() != null) {
                s = s.withTruststore(props.truststore(), props.truststorePassword());
            }
            return Mono.just(s);
        }
        EmbeddedSearchNode node = NODES.computeIfAbsent(dataDir, dir -> {
            EmbeddedSearchNode n = EmbeddedSearchNode.builder(dir).heap(props.nodeHeap()).httpPort(props.nodePort())
                    .startTimeout(props.startTimeout()).build();
            Runtime.getRuntime().addShutdownHook(new Thread(n::close, "search-node-stop"));
            return n;
        });
        return (node.isRunning() ? Mono.<Void>empty() : node.start())
                .doOnSubscribe(s -> log.info("Starting the embedded search node under {}", dataDir.resolve("search-node")))
                .then(Mono.fromCallable(node::clientSettings));
    }

    /** The index once the engine is ready; an ENGINE_UNAVAILABLE error if it is not within {@code wait}. */
    public Mono<ElasticsearchDossierIndex> index(Duration wait) {
        ElasticsearchDossierIndex i = index;
        if (i != null) {
            return Mono.just(i);
        }
        return ready.asMono().timeout(wait, Mono.error(() -> new IndexerException(IndexerException.Code.ENGINE_UNAVAILABLE,
                "The search engine is not available yet (" + state + ")")));
    }

    public Mono<ElasticsearchDossierIndex> index() {
        return index(Duration.ofSeconds(5));
    }

    /** Where the engine stands, for health and logs. */
    public String state() {
        return state;
    }

    public boolean enabled() {
        return props.enabled();
    }

    @PreDestroy
    void stop() {
        if (startup != null) {
            startup.dispose();
        }
        if (watchdog != null) {
            watchdog.dispose();
        }
        if (client != null) {
            try {
                client._transport().close();
            } catch (java.io.IOException e) {
                log.debug("closing the search client: {}", e.toString());
            }
        }
        // The embedded node is shared by every context of this JVM: its shutdown hook stops it.
    }
}
