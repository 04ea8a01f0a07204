package ma.rokhsa.indexer.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.http.HttpServerTransport;

/**
 * Entry point of the embedded search node: one OpenSearch node, in its own JVM, started by
 * {@code ma.rokhsa.indexer.EmbeddedSearchNode} in the application (or the test harness).
 *
 * <p>Arguments: {@code --home DIR --http-port N [--cluster-name NAME] [--setting key=value]...}.
 * The node binds to loopback only, keeps its data under {@code DIR/node_1/data}, writes the HTTP
 * port it bound to into {@code DIR/http.port} once started, and stops when its standard input
 * reaches end of file (the parent closed it or died) or on SIGTERM.
 */
public final class SearchNodeMain {

    /** Only the modules the indexer uses: language analyzers, delete-by-query, HTTP. */
    private static final String MODULES = String.join(",",
            "org.opensearch.analysis.common.CommonAnalysisPlugin",
            "org.opensearch.index.reindex.ReindexPlugin",
            "org.opensearch.transport.Netty4Plugin");

    private SearchNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> settings = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--setting")) {
                settings.add(args[i + 1]);
            } else {
                options.put(args[i], args[i + 1]);
            }
        }
        Path home = Path.of(require(options, "--home")).toAbsolutePath();
        String httpPort = require(options, "--http-port");
        String clusterName = options.getOrDefault("--cluster-name", "rokhsa");
        Path portFile = home.resolve("http.port");
        Files.deleteIfExists(portFile);
        Path config = home.resolve("config");
        Files.createDirectories(config);
        writeLogConfig(config.resolve("log4j2.properties"));

        OpenSearchRunner runner = new OpenSearchRunner();
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                try {
                    runner.close();
                } catch (IOException | RuntimeException e) {
                    e.printStackTrace();
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(close, "search-node-shutdown"));

        runner.onBuild((index, builder) -> {
            builder.put("network.host", "127.0.0.1");
            builder.put("http.port", httpPort);
            builder.put("transport.port", "0");
            builder.put("discovery.type", "single-node");
            // A near-full disk must not turn the index read-only on a developer machine.
            builder.put("cluster.routing.allocation.disk.threshold_enabled", "false");
            builder.put("node.store.allow_mmap", "true");
            for (String setting : settings) {
                int eq = setting.indexOf('=');
                builder.put(setting.substring(0, eq), setting.substring(eq + 1));
            }
        });
        try {
            runner.build("-basePath", home.toString(), "-confPath", config.toString(),
                    "-numOfNode", "1", "-clusterName", clusterName, "-moduleTypes", MODULES,
                    "-printOnFailure");
        } catch (RuntimeException e) {
            e.printStackTrace();
            close.run();
            System.exit(2);
        }
        int boundPort = runner.node().injector().getInstance(HttpServerTransport.class)
                .boundAddress().publishAddress().getPort();
        Path tmp = home.resolve("http.port.tmp");
        Files.writeString(tmp, Integer.toString(boundPort), StandardCharsets.US_ASCII);
        Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("search node ready on http://127.0.0.1:" + boundPort);

        // The parent holds our stdin: end of file means it stopped us or died.
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // ignore input
        }
        System.out.println("standard input closed: stopping the search node");
        close.run();
        System.exit(0);
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            System.err.println("missing argument " + name);
            System.exit(64);
        }
        return value;
    }

    /** Server log to a size-capped rolling file; only warnings on the console. */
    private static void writeLogConfig(Path file) throws IOException {
        String properties = String.join("\n",
                "status = error",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] %m%n",
                "appender.console.filter.threshold.type = ThresholdFilter",
                "appender.console.filter.threshold.level = warn",
                "appender.rolling.type = RollingFile",
                "appender.rolling.name = rolling",
                "appender.rolling.fileName = ${sys:opensearch.logs.base_path}${sys:file.separator}"
                        + "${sys:opensearch.logs.cluster_name}.log",
                "appender.rolling.filePattern = ${sys:opensearch.logs.base_path}${sys:file.separator}"
                        + "${sys:opensearch.logs.cluster_name}-%i.log.gz",
                "appender.rolling.layout.type = PatternLayout",
                "appender.rolling.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] %m%n",
                "appender.rolling.policies.type = Policies",
                "appender.rolling.policies.size.type = SizeBasedTriggeringPolicy",
                "appender.rolling.policies.size.size = 16MB",
                "appender.rolling.strategy.type = DefaultRolloverStrategy",
                "appender.rolling.strategy.max = 3",
                "rootLogger.level = info",
                "rootLogger.appenderRef.console.ref = console",
                "rootLogger.appenderRef.rolling.ref = rolling",
                "");
        Files.writeString(file, properties, StandardCharsets.UTF_8);
    }
}
