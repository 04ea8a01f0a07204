package ma.rokhsa.api.search;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import ma.rokhsa.indexer.IndexResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Rebuilds the search index from PostgreSQL with zero downtime: a new index is created from the current
 * template, every valid document is streamed into it while searches keep using the old one (and new
 * writes go to both), then the alias switches atomically and the old index is dropped.
 */
@RestController
@Tag(name = "Administration")
class ReindexController {

    private static final Logger log = LoggerFactory.getLogger(ReindexController.class);

    private final SearchEngine engine;
    private final DocumentsForIndex documents;

    ReindexController(SearchEngine engine, DocumentsForIndex documents) {
        this.engine = engine;
        this.documents = documents;
    }

    @PostMapping("/api/admin/search/reindex")
    @Operation(summary = "Rebuild the search index from PostgreSQL, then switch the alias (admin)")
    Mono<Map<String, Object>> reindex(Viewer v) {
        if (!v.is(Role.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only administrators rebuild the index."));
        }
        AtomicLong indexed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        return engine.index(Duration.ofSeconds(30)).flatMap(index -> index.createNextIndex().flatMap(next ->
                index.ingestInto(next, documents.all())
                        .doOnNext((IndexResult r) -> (r.indexed() ? indexed : failed).incrementAndGet())
                        // Switch only when everything went in; otherwise keep serving the old index.
                        .then(Mono.defer(() -> failed.get() == 0 ? index.switchAlias(next) : index.abandonNextIndex()))
                        .onErrorResume(e -> index.abandonNextIndex().then(Mono.error(e)))
                        .then(Mono.fromSupplier(() -> {
                            Map<String, Object> out = new java.util.LinkedHashMap<>();
                            out.put("index", next);
                            out.put("indexed", indexed.get());
                            out.put("failed", failed.get());
                            out.put("switched", failed.get() == 0);
                            out.put("seconds", (System.nanoTime() - start) / 1e9);
                            log.info("Reindex into {}: {} indexed, {} failed, alias {}", next, indexed.get(), failed.get(),
                                    failed.get() == 0 ? "switched" : "kept on the old index");
                            return out;
                        }))));
    }
}
