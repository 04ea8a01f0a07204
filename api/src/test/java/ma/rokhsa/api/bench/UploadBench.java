package ma.rokhsa.api.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ma.rokhsa.api.support.AppProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upload throughput of a large file through the HTTP API (streamed to disk and hashed on the way)
 * against {@code sha256sum} of the same file on the same machine, and the application's peak heap
 * during the upload, with the JVM capped at -Xmx256m.
 *
 * <p>Run: {@code ./mvnw -pl api -am -Pbench verify -Dit.test=UploadBench} (size: -Dbench.upload.mb=1024).
 */
class UploadBench {

    @Test
    void uploadThroughputAgainstSha256sum() throws Exception {
        int mb = Integer.getInteger("bench.upload.mb", 1024);
        Path dir = Files.createDirectories(Path.of("target", "bench-upload-" + UUID.randomUUID()));
        Path file = dir.resolve("plans.pdf");
        writeRandom(file, mb);

        // Baseline: sha256sum of the same file, page cache warm (run twice, keep the best).
        double shaSeconds = Double.MAX_VALUE;
        String shaExpected = null;
        for (int i = 0; i < 2; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("sha256sum", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            p.waitFor();
            shaSeconds = Math.min(shaSeconds, (System.nanoTime() - t0) / 1e9);
            shaExpected = out.split("\\s+")[0];
        }

        try (AppProcess app = AppProcess.start("bench-upload", dir.resolve("data"),
                Map.of("rokhsa.upload.max-file-size", (mb + 64) + "MB",
                        "rokhsa.pipeline.stages.store.enabled", "false",
                        "rokhsa.pipeline.stages.extract.enabled", "false",
                        "rokhsa.pipeline.stages.index.enabled", "false"),
                List.of("-Xmx256m")).awaitReady(Duration.ofMinutes(3))) {
            HttpClient http = HttpClient.newHttpClient();
            String dossier = createDossier(http, app);

            // Two clients: the JDK's HttpClient (Java, shares the 2 cores with the server and its own copying) and
            // curl (native, as a browser is). Best of two runs each; each run changes the last byte so that the
            // upload is not recognised as a duplicate.
            Map<String, Double> best = new java.util.LinkedHashMap<>();
            long peakHeap = 0;
            int run = 0;
            for (String client : List.of("java", "curl")) {
                for (int i = 0; i < 2; i++, run++) {
                    try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                        ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) run}), Files.size(file) - 1);
                    }
                    Process p = new ProcessBuilder("sha256sum", file.toString()).start();
                    shaExpected = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split("\\s+")[0];
                    p.waitFor();
                    AtomicLong peak = new AtomicLong();
                    Thread sampler = heapSampler(http, app, peak);
                    long t0 = System.nanoTime();
                    String body = client.equals("java") ? uploadWithJava(http, app, dossier, file, run)
                            : uploadWithCurl(app, dossier, file, run);
                    double s = (System.nanoTime() - t0) / 1e9;
                    sampler.interrupt();
                    sampler.join();
                    Matcher m = Pattern.compile("\"sha256\":\"([0-9a-f]{64})\"").matcher(body);
                    assertThat(m.find()).as(body).isTrue();
                    assertThat(m.group(1)).isEqualTo(shaExpected);
                    best.merge(client, s, Math::min);
                    peakHeap = Math.max(peakHeap, peak.get());
                }
            }
            double shaMBs = mb / shaSeconds;
            System.out.printf("%n=== Upload benchmark (%d MB file, app JVM -Xmx256m, %d cores) ===%n", mb, Runtime.getRuntime().availableProcessors());
            System.out.printf("sha256sum baseline : %.2f s  (%.0f MB/s)%n", shaSeconds, shaMBs);
            best.forEach((client, secs) -> {
                double uploadMBs = mb / secs;
                System.out.printf("HTTP upload, %-4s client (best of 2) : %.2f s  (%.0f MB/s), ratio to sha256sum %.2f  (goal >= 0.80)%n",
                        client, secs, uploadMBs, uploadMBs / shaMBs);
            });
            System.out.printf("streamed to disk, fsync'd, SHA-256 on the fly; peak heap used during uploads : %.0f MB (of 256 MB max)%n",
                    peakHeap / 1e6);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String uploadWithJava(HttpClient http, AppProcess app, String dossier, Path file, int run)
            throws IOException, InterruptedException {
        String boundary = "----rokhsa-bench-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nARCHITECTURAL_PLANS\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plans-" + run + ".pdf\"\r\nContent-Type: application/pdf\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest req = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/dossiers/" + dossier + "/documents"))
                .header("Authorization", basic("amina"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofString(tail)))
                .timeout(Duration.ofMinutes(10)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.body();
    }

    private static String uploadWithCurl(AppProcess app, String dossier, Path file, int run)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder("curl", "-sS", "-u", "amina:demo", "-w", "\n%{http_code}",
                "-F", "kind=ARCHITECTURAL_PLANS",
                "-F", "file=@" + file.toAbsolutePath() + ";type=application/pdf;filename=plans-" + run + ".pdf",
                app.baseUrl() + "/api/dossiers/" + dossier + "/documents").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(out.strip()).as(out).endsWith("201");
        return out;
    }

    private static Thread heapSampler(HttpClient http, AppProcess app, AtomicLong peak) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl()
                                    + "/actuator/metrics/jvm.memory.used?tag=area:heap")).header("Authorization", basic("admin")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    Matcher m = Pattern.compile("\"value\":([0-9.E+]+)").matcher(r.body());
                    if (m.find()) {
                        peak.accumulateAndGet((long) Double.parseDouble(m.group(1)), Math::max);
                    }
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // keep sampling
                }
            }
        }, "heap-sampler");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static String createDossier(HttpClient http, AppProcess app) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/dossiers"))
                .header("Authorization", basic("amina")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"BUILDING_LARGE\",\"communeCode\":\"BML\",\"title\":\"Bench\",\"applicant\":\"Bench\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return m.group(1);
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    private static void writeRandom(Path file, int mb) throws IOException {
        byte[] chunk = new byte[1 << 20];
        Random rnd = new Random(7);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mb; i++) {
                rnd.nextBytes(chunk);
                out.write(chunk);
            }
        }
    }
}
