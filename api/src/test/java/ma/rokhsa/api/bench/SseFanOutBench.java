package ma.rokhsa.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ma.rokhsa.api.support.AppProcess;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.netty.resources.ConnectionProvider;

/**
 * SSE fan-out on one node: N clients watch one dossier while documents are uploaded to it; each client
 * measures, per event, the time from the fact (its {@code at}) to its arrival. Levels of N rise until
 * the node no longer keeps up. Client and server share this machine's cores, so figures are a floor.
 *
 * <p>Run: {@code ./mvnw -pl api -am -Pbench verify -Dit.test=SseFanOutBench}
 * (levels: -Dbench.sse.levels=500,1000,2000,4000; rate: -Dbench.sse.uploadsPerSecond=5).
 */
class SseFanOutBench {

    private static final Pattern AT = Pattern.compile("\"at\"\\s*:\\s*\"([^\"]+)\"");

    @Test
    void fanOut() throws Exception {
        int[] levels = Arrays.stream(System.getProperty("bench.sse.levels", "500,1000,2000,4000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int uploadsPerSecond = Integer.getInteger("bench.sse.uploadsPerSecond", 5);
        Path dir = Files.createDirectories(Path.of("target", "bench-sse-" + UUID.randomUUID()));
        // One benchmark user holds every subscription: lift the per-person cap on open streams.
        try (AppProcess app = AppProcess.start("bench-sse", dir.resolve("data"), Map.of("rokhsa.events.max-streams-per-user", "100000"),
                List.of("-Xmx768m")).awaitReady(Duration.ofMinutes(3))) {
            HttpClient http = HttpClient.newHttpClient();
            String dossier = UploadBench.createDossier(http, app);
            ConnectionProvider unpooled = ConnectionProvider.newConnection();
            WebClient client = WebClient.builder().baseUrl(app.baseUrl())
                    .clientConnector(new ReactorClientHttpConnector(reactor.netty.http.client.HttpClient.create(unpooled)))
                    .defaultHeaders(h -> h.set("Authorization", UploadBench.basic("amina"))).build();

            System.out.printf("%n=== SSE fan-out benchmark (one node, %d cores shared with the clients) ===%n",
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("%-12s %-10s %-12s %-10s %-10s %-10s%n", "subscribers", "connected", "deliveries", "p50 ms", "p99 ms", "max ms");
            int held = 0;
            long seq = 0;
            for (int n : levels) {
                ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
                AtomicInteger connected = new AtomicInteger();
                AtomicInteger failed = new AtomicInteger();
                List<Disposable> subs = new ArrayList<>();
                String from = lastEventId(http, app, dossier);
                for (int i = 0; i < n; i++) {
                    subs.add(client.get().uri("/api/dossiers/{id}/events", dossier).accept(MediaType.TEXT_EVENT_STREAM)
                            .header("Last-Event-ID", from)
                            .retrieve().bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                            .subscribe(e -> {
                                if ("connected".equals(e.comment())) {
                                    connected.incrementAndGet();
                                } else if (e.data() != null) {
                                    Matcher m = AT.matcher(e.data());
                                    if (m.find()) {
                                        latencies.add(Duration.between(Instant.parse(m.group(1)), Instant.now()).toMillis());
                                    }
                                }
                            }, e -> failed.incrementAndGet()));
                }
                Instant deadline = Instant.now().plusSeconds(120);
                while (connected.get() + failed.get() < n && Instant.now().isBefore(deadline)) {
                    Thread.sleep(200);
                }
                // Produce: small uploads at a steady rate for 15 s (each makes several status events).
                long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                long period = 1_000_000_000L / uploadsPerSecond;
                long next = System.nanoTime();
                while (System.nanoTime() < end) {
                    uploadSmall(http, app, dossier, seq++);
                    next += period;
                    long sleep = (next - System.nanoTime()) / 1_000_000;
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    }
                }
                Thread.sleep(5_000);
                subs.forEach(Disposable::dispose);
                long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                double p50 = percentile(l, 0.50);
                double p99 = percentile(l, 0.99);
                System.out.printf("%-12d %-10d %-12d %-10.0f %-10.0f %-10d%n", n, connected.get(), l.length, p50, p99,
                        l.length == 0 ? 0 : l[l.length - 1]);
                assertThat(REFUSED.get()).as("uploads refused").isZero();
                assertThat(l.length).as("events delivered at %d subscribers", n).isPositive();
                if (connected.get() == n && failed.get() == 0 && p99 < 1000) {
                    held = n;
                }
                Thread.sleep(3_000);
            }
            System.out.printf("held: %d concurrent subscribers with every connection up and p99 under 1 s%n", held);
        }
    }

    private static String lastEventId(HttpClient http, AppProcess app, String dossier) throws Exception {
        // The history is small: read it once and take the last id, so the subscribers start live.
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/dossiers/" + dossier + "/events"))
                .header("Authorization", UploadBench.basic("amina")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        String last = "0";
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(r.body()))) {
            long stop = System.currentTimeMillis() + 1500;
            String line;
            while (System.currentTimeMillis() < stop && (line = in.readLine()) != null) {
                if (line.startsWith("id:")) {
                    last = line.substring(3).strip();
                }
                if (line.startsWith(":connected") && System.currentTimeMillis() > stop - 1000) {
                    continue;
                }
                if (line.equals(":heartbeat")) {
                    break;
                }
            }
        } catch (java.io.IOException ignored) {
            // closed
        }
        return last;
    }

    private static void uploadSmall(HttpClient http, AppProcess app, String dossier, long seq) throws Exception {
        String boundary = "----b" + seq;
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nPHOTOS\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p" + seq + ".png\"\r\nContent-Type: image/png\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        http.sendAsync(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/dossiers/" + dossier + "/documents"))
                .header("Authorization", UploadBench.basic("amina"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofByteArray(png(seq)), HttpRequest.BodyPublishers.ofString(tail))).build(),
                HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
                    if (r.statusCode() != 201 && REFUSED.getAndIncrement() == 0) {
                        System.out.println("upload refused: " + r.statusCode() + " " + r.body());
                    }
                });
    }

    private static final AtomicInteger REFUSED = new AtomicInteger();

    /** A real, distinct little PNG per upload (a photo of a 2x2 wall, in a colour of its own). */
    private static byte[] png(long seq) throws java.io.IOException {
        var img = new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, (int) seq);
        img.setRGB(1, 1, (int) (seq >>> 24));
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** The p-quantile (0..1) of sorted values; NaN when there are none. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
