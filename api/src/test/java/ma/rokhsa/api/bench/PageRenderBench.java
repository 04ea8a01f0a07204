package ma.rokhsa.api.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server render time of the pages staff and architects use most, with 20 signed-in users at once on this
 * machine: the architect's dossier list, the one-stop shop's queue, and a search page, each beside the
 * bare API call that returns the same data, measured in the same run with the same client. Each user has
 * its own browser session (sign-in page, session cookie); the whole page is read, as a browser would.
 *
 * <p>Run: {@code ./mvnw -pl api -am -Pbench verify -Dit.test=PageRenderBench}
 * (requests per user and endpoint: -Dbench.render.requests=50).
 */
class PageRenderBench extends ApiIT {

    private static final int USERS = 20;
    private static final CpuMeter CPU = new CpuMeter("reactor-http");

    @Test
    void renderTimes() {
        int requests = Integer.getInteger("bench.render.requests", 50);
        // Data: amina's 50 drafts and 10 submitted renovations in Béni Mellal (three documents each), so that the
        // architect's list is full (25 a page), and youssef's queue and his search for a word of the property
        // certificate both have 10 dossiers, with highlighted snippets.
        for (int i = 0; i < 50; i++) {
            newDossier("amina");
        }
        for (int i = 0; i < 10; i++) {
            submittedRenovation();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    // 503 while the search node starts: keep waiting.
                    var r = as("youssef").get().uri("/api/search?q=foncier").exchange().expectBody(Map.class).returnResult();
                    return r.getStatus().is2xxSuccessful() && r.getResponseBody().get("total") instanceof Number n && n.longValue() >= 10;
                });

        WebClient base = WebClient.builder().baseUrl("http://localhost:" + port)
                .codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build();
        List<WebClient> architects = sessions(base, "amina");
        List<WebClient> reviewers = sessions(base, "youssef");
        WebClient amina = base.mutate().defaultHeaders(h -> h.setBasicAuth("amina", "demo")).build();
        WebClient youssef = base.mutate().defaultHeaders(h -> h.setBasicAuth("youssef", "demo")).build();

        // Warm-up (JIT, template cache, connection pools), not counted: whole rounds of the measured load, until this
        // JVM's JIT compilers have little left to do (measured while C2 still compiles the hot paths, a server spends
        // a third of its CPU compiling them); then a pause, so that the search node's own JIT is done too.
        var jit = ManagementFactory.getCompilationMXBean();
        for (int round = 1; round <= 10; round++) {
            long jit0 = jit.getTotalCompilationTime();
            long t0 = System.nanoTime();
            run(architects, "/dossiers", requests);
            run(repeat(amina), "/api/dossiers?size=25", requests);
            run(reviewers, "/queue", requests);
            run(repeat(youssef), "/api/dossiers?size=25", requests);
            run(reviewers, "/search?q=foncier", requests);
            run(repeat(youssef), "/api/search?q=foncier", requests);
            double jitShare = (jit.getTotalCompilationTime() - jit0) / ((System.nanoTime() - t0) / 1e6);
            System.out.printf(Locale.ROOT, "warm-up round %d: JIT compiling %.0f%% of the time%n", round, 100 * jitShare);
            if (round >= 2 && jitShare < 0.05) {
                break;
            }
        }
        sleep(Duration.ofSeconds(15));

        System.out.println();
        System.out.println("PageRenderBench: " + USERS + " concurrent users, " + requests + " requests each per endpoint");
        System.out.println("(CPU ms per request: jvm = this JVM, server and client; pg = PostgreSQL; es = the search node;"
                + " jit ms: time this JVM's JIT compilers spent during the run)");
        System.out.printf(Locale.ROOT, "%-34s %8s %8s %7s %6s %6s %6s %7s%n", "endpoint", "p50 ms", "p99 ms", "req/s", "jvm", "pg", "es", "jit ms");
        double[] list = print("page  GET /dossiers (architect)", run(architects, "/dossiers", requests));
        double[] listApi = print("api   GET /api/dossiers?size=25", run(repeat(amina), "/api/dossiers?size=25", requests));
        double[] queue = print("page  GET /queue (reviewer)", run(reviewers, "/queue", requests));
        double[] queueApi = print("api   GET /api/dossiers (reviewer)", run(repeat(youssef), "/api/dossiers?size=25", requests));
        double[] search = print("page  GET /search?q=foncier", run(reviewers, "/search?q=foncier", requests));
        double[] searchApi = print("api   GET /api/search?q=foncier", run(repeat(youssef), "/api/search?q=foncier", requests));
        System.out.printf(Locale.ROOT, "p99 page / p99 api: list %.2f, queue %.2f, search %.2f (goal: page p99 < 150 ms)%n",
                list[1] / listApi[1], queue[1] / queueApi[1], search[1] / searchApi[1]);
        System.out.println();
        assertThat(list[0]).isPositive();
    }

    private List<WebClient> repeat(WebClient c) {
        List<WebClient> all = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            all.add(c);
        }
        return all;
    }

    /** Each user signs in on the sign-in page (CSRF token and all) and keeps its session cookie. */
    private List<WebClient> sessions(WebClient base, String user) {
        List<WebClient> clients = new ArrayList<>();
        Pattern token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
        for (int i = 0; i < USERS; i++) {
            var login = base.get().uri("/login").exchangeToMono(r -> r.bodyToMono(String.class)
                    .map(html -> Map.entry(html, r.cookies().getFirst("XSRF-TOKEN").getValue()))).block();
            Matcher m = token.matcher(login.getKey());
            assertThat(m.find()).isTrue();
            MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
            form.add("_csrf", m.group(1));
            form.add("username", user);
            form.add("password", "demo");
            String session = base.post().uri("/login").cookie("XSRF-TOKEN", login.getValue())
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(form))
                    .exchangeToMono(r -> Mono.justOrEmpty(r.cookies().getFirst("RSESSION")).map(ResponseCookie::getValue)).block();
            assertThat(session).isNotBlank();
            clients.add(base.mutate().defaultCookie("RSESSION", session).defaultHeader(HttpHeaders.ACCEPT, "text/html").build());
        }
        return clients;
    }

    /** Every user requests the path {@code n} times, one after the other, all users at once; latencies in ms. */
    private static double[] run(List<WebClient> users, String path, int n) {
        ConcurrentLinkedQueue<Double> times = new ConcurrentLinkedQueue<>();
        var jit = ManagementFactory.getCompilationMXBean();
        CpuMeter.Reading cpu0 = CPU.read();
        long jit0 = jit.getTotalCompilationTime();
        long t0 = System.nanoTime();
        Flux.fromIterable(users).flatMap(c -> Flux.range(0, n).concatMap(i -> {
            long s = System.nanoTime();
            return c.get().uri(path).retrieve().bodyToMono(String.class)
                    .doOnNext(body -> times.add((System.nanoTime() - s) / 1e6));
        }), users.size()).blockLast(Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - t0) / 1e9;
        CpuMeter.Reading cpu = CPU.read().minus(cpu0);
        double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new double[] {percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.length / seconds,
            cpu.process() / 1e6 / sorted.length, cpu.postgres() / 1e6 / sorted.length, cpu.searchNode() / 1e6 / sorted.length,
            jit.getTotalCompilationTime() - jit0};
    }

    private static double[] print(String label, double[] r) {
        System.out.printf(Locale.ROOT, "%-34s %8.1f %8.1f %7.0f %6.1f %6.1f %6.1f %7.0f%n", label, r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
        return r;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
