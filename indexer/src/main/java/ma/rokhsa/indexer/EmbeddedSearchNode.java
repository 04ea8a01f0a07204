package ma.rokhsa.indexer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The default search engine: one OpenSearch 2.19 node in a child JVM of its own, bound to
 * 127.0.0.1, keeping its index under {@code <dataDir>/search-node/home} so a restart keeps it.
 *
 * <p>Why a child process: OpenSearch's Netty, Jackson and log4j versions clash with the
 * application's, and production talks to a separate cluster anyway. The node's jars travel inside
 * the indexer jar as one zip and are unpacked into {@code <dataDir>/search-node/lib} when they
 * changed; the child runs with the same {@code java} binary as this JVM. Its console goes to
 * {@code <dataDir>/search-node/console.log}, the server log to
 * {@code <dataDir>/search-node/home/node_1/logs/}.
 *
 * <p>Lifecycle: {@link #start()} completes when the node answers cluster health yellow or green
 * (about 6 s on 2 cores once a class-data-sharing archive exists, 15-20 s the very first time); {@link #stop()} closes the child's standard input, which the child
 * takes as the order to stop cleanly, then escalates to SIGTERM and SIGKILL. If this JVM dies the
 * child sees end of file on its standard input and stops itself; a shutdown hook also stops it on a
 * normal exit. Starting and stopping are serialised; both are idempotent. A port of 0 means a free
 * port chosen at the first start and kept for restarts, so clients built from
 * {@link #clientSettings()} reconnect after a restart.
 *
 * <p>Threading: {@code start()}/{@code stop()} do their blocking work on a dedicated bounded
 * scheduler; {@link #startBlocking()}/{@link #stopBlocking()} block the caller and are meant for
 * lifecycle callbacks (e.g. a Spring {@code SmartLifecycle}), never for event-loop threads.
 */
public final class EmbeddedSearchNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSearchNode.class);
    private static final String MAIN_CLASS = "ma.rokhsa.indexer.node.SearchNodeMain";

    private final Path dir;
    private final Path binariesDir;
    private final int configuredPort;
    private final String heap;
    private final Duration startTimeout;
    private final String clusterName;
    private final Map<String, String> nodeSettings;
    private final List<String> jvmOptions;
    private final Scheduler scheduler;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    private final Object lock = new Object();
    private Process process;
    private int port;
    private boolean everReady;
    private Thread shutdownHook;

    private EmbeddedSearchNode(Builder b) {
        this.dir = b.dataDir.toAbsolutePath().normalize().resolve("search-node");
        this.binariesDir = b.binariesDir == null ? dir : b.binariesDir.toAbsolutePath().normalize();
        this.configuredPort = b.httpPort;
        this.port = b.httpPort;
        this.heap = b.heap;
        this.startTimeout = b.startTimeout;
        this.clusterName = b.clusterName;
        this.nodeSettings = Map.copyOf(b.settings);
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.scheduler = Schedulers.newBoundedElastic(2, 16, "search-node", 60, true);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    }

    /** @param dataDir the application's data directory; the node lives in its {@code search-node} sub-directory */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Starts the node (or does nothing if it runs) and completes once it answers health yellow/green. */
    public Mono<Void> start() {
        return startAttempt().onErrorResume(PortTaken.class, e -> {
            // Our free-port pick raced with another process: choose again, once.
            log.warn("Search node could not bind port {}; retrying on another free port", e.port);
            synchronized (lock) {
                port = 0;
            }
            return startAttempt();
        });
    }

    private Mono<Void> startAttempt() {
        return Mono.fromCallable(this::launch)
                .subscribeOn(scheduler)
                .flatMap(this::awaitReady)
                .doOnSuccess(v -> {
                    synchronized (lock) {
                        everReady = true;
                    }
                });
    }

    /** Stops the node cleanly (data flushed); completes when the child process has exited. */
    public Mono<Void> stop() {
        return Mono.fromRunnable(this::stopNow).subscribeOn(scheduler).then();
    }

    /** Blocking {@link #start()} for lifecycle callbacks. Never call it on a non-blocking thread. */
    public void startBlocking() {
        start().block(startTimeout.plusSeconds(30));
    }

    /** Blocking {@link #stop()} for lifecycle callbacks. Never call it on a non-blocking thread. */
    public void stopBlocking() {
        stop().block(Duration.ofSeconds(60));
    }

    /** Stops the node and releases the scheduler. */
    @Override
    public void close() {
        stopNow();
        scheduler.dispose();
    }

    public boolean isRunning() {
        synchronized (lock) {
            return process != null && process.isAlive();
        }
    }

    /** {@code http://127.0.0.1:<port>}; known once the node has been started. */
    public URI httpUri() {
        synchronized (lock) {
            if (port == 0) {
                throw new IndexerException(IndexerException.Code.NODE_FAILED,
                        "The search node has no port yet: start it before asking for its address");
            }
            return URI.create("http://127.0.0.1:" + port);
        }
    }

    /** Client settings for this node, with the product-compatibility rewriting it needs. */
    public ElasticsearchSettings clientSettings() {
        return ElasticsearchSettings.of(httpUri()).withProductCompatibility(true);
    }

    /** The child's console (start-up failures land here). */
    public Path consoleLog() {
        return dir.resolve("console.log");
    }

    /** Process id of the running child, for diagnostics and tests. */
    public long pid() {
        synchronized (lock) {
            if (process == null) {
                throw new IndexerException(IndexerException.Code.NODE_FAILED, "The search node is not running");
            }
            return process.pid();
        }
    }

    private Process launch() throws IOException {
        synchronized (lock) {
            if (process != null && process.isAlive()) {
                return process;
            }
            Path lib = SearchNodeBinaries.ensureExtracted(binariesDir);
            Path home = dir.resolve("home");
            Files.createDirectories(home.resolve("tmp"));
            if (port == 0) {
                port = freeLoopbackPort();
            }
            List<String> command = new ArrayList<>();
            command.add(javaBinary());
            command.add("-Xms" + heap);
            command.add("-Xmx" + heap);
            command.addAll(List.of(
                    "-XX:+UseG1GC", "-XX:G1ReservePercent=25", "-XX:InitiatingHeapOccupancyPercent=30",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-XX:ErrorFile=" + home.resolve("hs_err_pid%p.log"),
                    "-Xss1m",
                    "-Djava.io.tmpdir=" + home.resolve("tmp"),
                    "-Dfile.encoding=UTF-8", "-Djava.awt.headless=true", "-Djna.nosys=true",
                    "-Djava.locale.providers=" + (Runtime.version().feature() < 23 ? "SPI,COMPAT" : "SPI,CLDR"),
                    "-Dio.netty.noUnsafe=true", "-Dio.netty.noKeySetOptimization=true",
                    "-Dio.netty.recycler.maxCapacityPerThread=0",
                    "-Dlog4j.shutdownHookEnabled=false", "-Dlog4j2.disable.jmx=true"));
            command.add(classDataSharing(lib));
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(lib.toAbsolutePath() + "/*");
            command.add(MAIN_CLASS);
            command.addAll(List.of("--home", home.toString(), "--http-port", Integer.toString(port),
                    "--cluster-name", clusterName));
            nodeSettings.forEach((k, v) -> command.addAll(List.of("--setting", k + "=" + v)));

            Path console = consoleLog();
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(console.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            log.info("Starting search node on 127.0.0.1:{} (heap {}, data {})", port, heap, home);
            process = builder.start();
            if (shutdownHook == null) {
                shutdownHook = new Thread(this::stopNow, "search-node-shutdown");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            return process;
        }
    }

    private Mono<Void> awaitReady(Process child) {
        int readyPort;
        synchronized (lock) {
            readyPort = port;
        }
        HttpRequest health = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + readyPort + "/_cluster/health?wait_for_status=yellow&timeout=2s"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        Mono<Void> healthy = Mono.defer(() -> Mono.fromFuture(http.sendAsync(health, HttpResponse.BodyHandlers.ofString())))
                .flatMap(response -> {
                    String status = response.statusCode() == 200 ? statusOf(response.body()) : "";
                    return "green".equals(status) || "yellow".equals(status)
                            ? Mono.<Void>empty()
                            : Mono.<Void>error(new IllegalStateException("health " + response.statusCode() + " " + status));
                })
                .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, Duration.ofMillis(250)));
        Mono<Void> died = Mono.fromFuture(child.onExit(), true)
                .flatMap(exited -> Mono.error(exitedDuringStart(exited, readyPort)));
        long started = System.nanoTime();
        return Mono.firstWithSignal(healthy, died)
                .timeout(startTimeout, Mono.fromRunnable(this::stopNow).subscribeOn(scheduler)
                        .then(Mono.error(() -> new IndexerException(IndexerException.Code.NODE_FAILED,
                                "The search node did not become ready within " + startTimeout + "; see "
                                        + consoleLog() + " and " + dir.resolve("home/node_1/logs") + tail(),
                                Map.of("port", readyPort), null))))
                .doOnSuccess(v -> log.info("Search node ready on 127.0.0.1:{} after {} ms", readyPort,
                        (System.nanoTime() - started) / 1_000_000));
    }

    private Throwable exitedDuringStart(Process exited, int triedPort) {
        synchronized (lock) {
            if (process == exited) {
                process = null;
            }
            String tail = tail();
            if (configuredPort == 0 && !everReady && tail.contains("BindHttpException")) {
                return new PortTaken(triedPort);
            }
            return new IndexerException(IndexerException.Code.NODE_FAILED,
                    "The search node exited during start-up with code " + exited.exitValue() + "; see "
                            + consoleLog() + tail,
                    Map.of("exitCode", exited.exitValue(), "port", triedPort), null);
        }
    }

    private String statusOf(String body) {
        try {
            JsonNode status = json.readTree(body).get("status");
            return status == null ? "" : status.asText();
        } catch (IOException e) {
            return "";
        }
    }

    private void stopNow() {
        Process child;
        synchronized (lock) {
            child = process;
            process = null;
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to: it will stop the child
                }
                shutdownHook = null;
            }
        }
        if (child == null || !child.isAlive()) {
            return;
        }
        long started = System.nanoTime();
        try {
            OutputStream stdin = child.getOutputStream();
            stdin.close(); // the child's signal to close the node cleanly
        } catch (IOException ignored) {
            // already closed
        }
        try {
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                log.warn("Search node did not stop within 30 s after its input closed: sending SIGTERM");
                child.destroy();
                if (!child.waitFor(10, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        log.info("Search node stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /** Last lines of the child's console, to put the cause in the exception message. */
    private String tail() {
        Path console = consoleLog();
        try (RandomAccessFile file = new RandomAccessFile(console.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - 4000);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : "\n--- last lines of " + console.getFileName() + " ---\n" + text;
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Application class-data sharing: the first run dumps the classes it loaded into an archive
     * when it exits; later runs map it and start about three times faster (17 s -> 6 s measured on
     * 2 cores). The archive sits in the lib directory, so new jars start a new archive; it is tied
     * to this JVM's version, and a JVM that cannot use it simply ignores it.
     */
    private static String classDataSharing(Path lib) throws IOException {
        Path archive = lib.resolve("node-" + Runtime.version().toString().replaceAll("[^A-Za-z0-9.]", "_") + ".jsa");
        return Files.isRegularFile(archive) && Files.size(archive) > 0
                ? "-XX:SharedArchiveFile=" + archive
                : "-XX:ArchiveClassesAtExit=" + archive;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .filter(c -> Files.isExecutable(Path.of(c)))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Signals a lost race for the chosen free port; handled by {@link #start()}. */
    private static final class PortTaken extends RuntimeException {
        final int port;

        PortTaken(int port) {
            super("port " + port + " taken", null, false, false);
            this.port = port;
        }
    }

    /** Options of the embedded node; defaults suit a developer machine and the test suite. */
    public static final class Builder {
        private final Path dataDir;
        private Path binariesDir;
        private int httpPort = 0;
        private String heap = "512m";
        private Duration startTimeout = Duration.ofSeconds(90);
        private String clusterName = "rokhsa";
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** HTTP port on 127.0.0.1; 0 (default) picks a free one at the first start. */
        public Builder httpPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IndexerException(IndexerException.Code.CONFIG_INVALID, "Search node port " + port + " is out of range");
            }
            this.httpPort = port;
            return this;
        }

        /**
         * Where the node's jars (and its class-data-sharing archive) are unpacked, as {@code <dir>/lib};
         * default {@code <dataDir>/search-node}. Several nodes with different data may share one.
         */
        public Builder binariesDir(Path dir) {
            this.binariesDir = Objects.requireNonNull(dir);
            return this;
        }

        /** JVM heap of the child, e.g. {@code 512m} (default) or {@code 1g}. */
        public Builder heap(String heap) {
            if (heap == null || !heap.matches("\\d+[mMgG]")) {
                throw new IndexerException(IndexerException.Code.CONFIG_INVALID,
                        "Search node heap '" + heap + "' must look like 512m or 1g");
            }
            this.heap = heap;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder clusterName(String name) {
            this.clusterName = Objects.requireNonNull(name);
            return this;
        }

        /** An extra OpenSearch node setting, e.g. {@code thread_pool.write.queue_size=50}. */
        public Builder setting(String key, String value) {
            if (key.contains("=") || key.isBlank()) {
                throw new IndexerException(IndexerException.Code.CONFIG_INVALID, "Bad search node setting name '" + key + "'");
            }
            settings.put(key, value);
            return this;
        }

        /** An extra JVM option for the child, e.g. {@code -XX:+UseSerialGC}. */
        public Builder jvmOption(String option) {
            jvmOptions.add(Objects.requireNonNull(option));
            return this;
        }

        public EmbeddedSearchNode build() {
            return new EmbeddedSearchNode(this);
        }
    }
}
