package ma.rokhsa.api.config;

import java.time.Duration;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.r2dbc.health.ConnectionFactoryHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL in health and readiness ({@code r2dbc}): Boot's check (a connection from the pool, validated
 * on the server) with a time limit. Boot's own has none, so a probe could wait for as long as a connection
 * did, instead of saying DOWN. The bean's name replaces Boot's indicator.
 */
@Component("r2dbcHealthIndicator")
class DatabaseHealth implements ReactiveHealthIndicator {

    private static final Duration LIMIT = Duration.ofSeconds(5);

    private final ConnectionFactoryHealthIndicator check;

    DatabaseHealth(ConnectionFactory connections) {
        this.check = new ConnectionFactoryHealthIndicator(connections);
    }

    @Override
    public Mono<Health> health() {
        return check.health().timeout(LIMIT, Mono.fromSupplier(() -> Health.down()
                .withDetail("error", "no answer from PostgreSQL within " + LIMIT.toSeconds() + " s").build()));
    }
}
