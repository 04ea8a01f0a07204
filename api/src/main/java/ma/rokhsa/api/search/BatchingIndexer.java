package ma.rokhsa.api.search;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ma.rokhsa.indexer.ElasticsearchDossierIndex;
import ma.rokhsa.indexer.IndexResult;
import ma.rokhsa.indexer.IndexedDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Lets each pipeline task index one document while the engine receives them in bulk: documents from
 * concurrent tasks flow into one long-running {@code ingest} stream (batched by count, bytes and time,
 * with bounded concurrency and backoff in the indexer), and each task gets its own document's result.
 */
@Component
class BatchingIndexer {

    private static final Logger log = LoggerFactory.getLogger(BatchingIndexer.class);

    private final SearchEngine engine;
    private final Map<String, MonoSink<IndexResult>> waiting = new ConcurrentHashMap<>();
    private volatile Sinks.Many<IndexedDocument> input;
    private volatile Disposable stream;

    BatchingIndexer(SearchEngine engine) {
        this.engine = engine;
    }

    /** Indexes one document among the others in flight; completes with its own result. */
    Mono<IndexResult> submit(IndexedDocument doc) {
        return engine.index(Duration.ofSeconds(10)).flatMap(index -> Mono.create(sink -> {
            waiting.put(doc.documentId(), sink);
            sink.onDispose(() -> waiting.remove(doc.documentId(), sink));
            try {
                // Tasks emit concurrently: retry the (brief) non-serialised emission failures.
                inputFor(index).emitNext(doc, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(200)));
            } catch (Sinks.EmissionException e) {
                waiting.remove(doc.documentId(), sink);
                sink.error(e);
            }
        }));
    }

    private synchronized Sinks.Many<IndexedDocument> inputFor(ElasticsearchDossierIndex index) {
        if (input == null) {
            Sinks.Many<IndexedDocument> in = Sinks.many().unicast().onBackpressureBuffer(Queues.<IndexedDocument>get(10_000).get());
            input = in;
            stream = index.ingest(in.asFlux())
                    .subscribe(result -> {
                        MonoSink<IndexResult> s = waiting.remove(result.documentId());
                        if (s != null) {
                            s.success(result);
                        }
                    }, e -> {
                        log.error("Indexing stream failed; the next document restarts it", e);
                        reset(e);
                    }, () -> reset(new IllegalStateException("indexing stream ended")));
        }
        return input;
    }

    private synchronized void reset(Throwable e) {
        input = null;
        waiting.values().forEach(s -> s.error(e));
        waiting.clear();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (stream != null) {
            stream.dispose();
        }
    }
}
