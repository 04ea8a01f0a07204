package ma.rokhsa.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * An API client that keeps its connection open (HTTP/1.1 keep-alive, what every client library does) gets
 * an answer to every request, however quick the one before it was. Reactor Netty 1.3.6 stopped reading a
 * connection whose next request arrived before the previous one had fully ended and was then answered at
 * once (reactor-netty#4361): the request after it waited for ever, every thread idle. Seen here as
 * integration tests hanging 60 s on a POST after a quick public GET.
 */
class KeepAliveIT extends ApiIT {

    @Test
    void everyRequestOnAKeptAliveConnectionIsAnswered() throws Exception {
        String amina = "Basic " + Base64.getEncoder().encodeToString("amina:demo".getBytes(StandardCharsets.UTF_8));
        URI base = URI.create("http://localhost:" + port);
        // Quick answers (public reference data, a refusal, a health probe) and ones that wait for the database.
        List<HttpRequest> requests = List.of(
                HttpRequest.newBuilder(base.resolve("/api/communes")).build(),
                HttpRequest.newBuilder(base.resolve("/api/dossiers")).build(),
                HttpRequest.newBuilder(base.resolve("/actuator/health/liveness")).build(),
                HttpRequest.newBuilder(base.resolve("/api/dossier-types")).build(),
                HttpRequest.newBuilder(base.resolve("/api/dossiers")).header("Authorization", amina).build(),
                HttpRequest.newBuilder(base.resolve("/api/dossiers")).header("Authorization", amina)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"CASTLE\"}")).build());
        // One connection, used request after request as a client pool does.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int round = 0; round < 150; round++) {
            for (HttpRequest r : requests) {
                HttpRequest timed = HttpRequest.newBuilder(r, (n, v) -> true).timeout(Duration.ofSeconds(10)).build();
                try {
                    HttpResponse<String> response = client.send(timed, HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isLessThan(500);
                } catch (HttpTimeoutException e) {
                    fail("No answer within 10 s to " + r.method() + " " + r.uri().getPath() + " in round " + round
                            + " on a kept-alive connection");
                }
            }
        }
    }
}
