package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The node process itself: loopback only, data under the data directory, gone when its parent dies. */
class EmbeddedSearchNodeIT {

    @Test
    void bindsToLoopbackOnlyAndKeepsItsDataUnderTheDataDirectory() throws Exception {
        EmbeddedSearchNode node = TestEngine.node();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(node.httpUri() + "/_nodes/_local/http,transport,settings")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode local = new ObjectMapper().readTree(response.body()).path("nodes").elements().next();
        List<String> bound = new ArrayList<>();
        local.path("http").path("bound_address").forEach(a -> bound.add(a.asText()));
        local.path("transport").path("bound_address").forEach(a -> bound.add(a.asText()));
        assertThat(bound).isNotEmpty().allMatch(a -> a.startsWith("127.0.0.1:"));
        String dataPath = local.path("settings").path("path").path("data").get(0).asText();
        assertThat(Path.of(dataPath)).startsWith(TestEngine.DATA);
        assertThat(Files.isDirectory(Path.of(dataPath))).isTrue();
    }

    @Test
    void theNodeStopsWhenItsParentJvmIsKilled() throws Exception {
        TestEngine.node(); // makes sure the binaries (and their class-data archive) are unpacked
        Path data = Path.of("target", "it-orphan").toAbsolutePath();
        SearchNodeBinaries.deleteTree(data);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OrphanNodeMain.class.getName(), data.toString(), TestEngine.DATA.resolve("search-node").toString())
                .redirectErrorStream(true).start();
        long child = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("CHILD ")) {
                    child = Long.parseLong(line.split(" ")[1]);
                    break;
                }
            }
            assertThat(child).as("the helper JVM printed its node's pid").isPositive();
            ProcessHandle node = ProcessHandle.of(child).orElseThrow();
            assertThat(node.isAlive()).isTrue();

            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
            parent.waitFor(10, TimeUnit.SECONDS);
            boolean gone = node.onExit().thenApply(h -> true).completeOnTimeout(false, 60, TimeUnit.SECONDS).join();
            assertThat(gone).as("the orphaned node exits on its own").isTrue();
        } finally {
            parent.destroyForcibly();
            if (child > 0) {
                ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
