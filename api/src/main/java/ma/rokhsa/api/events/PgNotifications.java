package ma.rokhsa.api.events;

import java.time.Duration;
import java.util.List;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * One dedicated PostgreSQL connection per instance that {@code LISTEN}s on the application's channels
 * and republishes notifications as a hot stream. This is how work and events cross instances: a row
 * written by any node wakes the workers and the SSE subscribers of every node.
 *
 * <p>If the connection drops it reconnects with backoff and publishes a {@link Signal#RECONNECTED}
 * signal, so consumers can catch up on what they may have missed meanwhile.
 */
@Component
@org.springframework.context.annotation.DependsOn("flywayInitializer")
public class PgNotifications implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PgNotifications.class);
    static final List<String> CHANNELS = List.of("rokhsa_events", "rokhsa_tasks", "rokhsa_holidays", "rokhsa_accounts", "rokhsa_revocations");

    /** A notification or a reconnection marker. */
    public record Signal(String channel, String payload) {
        public static final Signal RECONNECTED = new Signal("", "reconnected");

        public boolean isReconnect() {
            return this == RECONNECTED;
        }
    }

    private final Sinks.Many<Signal> sink = Sinks.many().multicast().directBestEffort();
    private final PostgresqlConnectionFactory factory;
    private final Disposable subscription;

    public PgNotifications(R2dbcProperties props) {
        this.factory = new PostgresqlConnectionFactory(configuration(props));
        this.subscription = listen()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(10))
                        .doBeforeRetry(s -> log.warn("LISTEN connection lost ({}); reconnecting", s.failure().toString())))
                .subscribe(s -> {
                    synchronized (sink) {
                        sink.tryEmitNext(s);
                    }
                });
    }

    /** The notifications of one channel, plus reconnection markers. Hot: subscribe before you need them. */
    public Flux<Signal> channel(String name) {
        return sink.asFlux().filter(s -> s.isReconnect() || s.channel().equals(name));
    }

    private Flux<Signal> listen() {
        return Flux.usingWhen(factory.create(), this::listenOn, PostgresqlConnection::close);
    }

    private Flux<Signal> listenOn(PostgresqlConnection c) {
        String sql = String.join("; ", CHANNELS.stream().map(ch -> "LISTEN " + ch).toList());
        Flux<Signal> notifications = c.getNotifications()
                .map(n -> new Signal(n.getName(), n.getParameter() == null ? "" : n.getParameter()));
        return c.createStatement(sql).execute().flatMap(r -> r.getRowsUpdated()).then()
                .thenMany(Flux.concat(Mono.just(Signal.RECONNECTED), notifications))
                .concatWith(Mono.error(new IllegalStateException("notification stream ended")));
    }

    private static PostgresqlConnectionConfiguration configuration(R2dbcProperties props) {
        String url = props.getUrl().replace("r2dbc:pool:", "r2dbc:");
        ConnectionFactoryOptions o = ConnectionFactoryOptions.parse(url);
        var b = PostgresqlConnectionConfiguration.builder()
                .host((String) o.getRequiredValue(ConnectionFactoryOptions.HOST))
                .port(o.hasOption(ConnectionFactoryOptions.PORT) ? (Integer) o.getValue(ConnectionFactoryOptions.PORT) : 5432)
                .database(o.hasOption(ConnectionFactoryOptions.DATABASE) ? (String) o.getValue(ConnectionFactoryOptions.DATABASE) : "postgres")
                .username(props.getUsername() != null ? props.getUsername() : String.valueOf(o.getValue(ConnectionFactoryOptions.USER)))
                .applicationName("rokhsa-listen");
        String password = props.getPassword() != null ? props.getPassword()
                : o.hasOption(ConnectionFactoryOptions.PASSWORD) ? String.valueOf(o.getValue(ConnectionFactoryOptions.PASSWORD)) : null;
        if (password != null && !password.isEmpty()) {
            b.password(password);
        }
        props.getProperties().forEach((k, v) -> {
            if ("sslMode".equalsIgnoreCase(k) || "sslmode".equals(k)) {
                b.sslMode(io.r2dbc.postgresql.client.SSLMode.fromValue(v));
            }
        });
        return b.build();
    }

    @Override
    public void destroy() {
        subscription.dispose();
    }
}
