package ma.rokhsa.api.search;

import java.time.Duration;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The search engine in health and readiness. An engine that is down does not take this instance out of
 * service (uploads go on, indexing catches up later): it reports {@code DEGRADED}, which readiness shows
 * but still answers 200 for.
 */
@Component("search")
class SearchHealth implements ReactiveHealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "search engine unavailable: indexing waits, everything else works");

    private final SearchEngine engine;

    SearchHealth(SearchEngine engine) {
        this.engine = engine;
    }

    @Override
    public Mono<Health> health() {
        if (!engine.enabled()) {
            return Mono.just(Health.up().withDetail("search", "disabled on this instance").build());
        }
        return engine.index(Duration.ofMillis(200))
                .flatMap(index -> index.health().timeout(Duration.ofSeconds(3)))
                .map(h -> (h.ready() ? Health.up() : Health.status(DEGRADED))
                        .withDetail("engine", h.status().name()).withDetail("nodes", h.nodes())
                        .withDetail("alias", h.aliasExists()).build())
                .onErrorResume(e -> Mono.just(Health.status(DEGRADED).withDetail("engine", engine.state()).build()));
    }
}
