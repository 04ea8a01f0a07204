package ma.rokhsa.api.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ma.rokhsa.api.support.AppProcess;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ranking on a national-scale history: at least 1,000,000 synthetic dossiers over three years in
 * 1,516 communes (16 real, 1,500 synthetic in 75 provinces), written with set-based SQL straight into
 * the application's embedded PostgreSQL (under target/), then:
 * <ul>
 *   <li>the ranking of the last full quarter over HTTP: cold (first request after a restart of the
 *       application and its PostgreSQL, so shared buffers are empty; the OS page cache is not dropped)
 *       and warm (p50 of 10), and of the live rolling 90 days (p50 of 10); caching is off
 *       ({@code rokhsa.ranking.cache-ttl=0}), so every request computes;</li>
 *   <li>how long a decision takes to show in the live ranking: an open dossier is decided the way the
 *       workflow does it (status, clock stopped, outcome row and dossier.status event in one transaction),
 *       and the time is measured until a {@code ranking.updated} computed after that event and naming
 *       its commune arrives on {@code /api/ranking/events}: 50 decisions spaced out (no coalescing), then
 *       50 in a burst (coalesced by the debounce).</li>
 * </ul>
 * The history: communes get Zipf-distributed volumes (exponent 1: the largest ~12% of all dossiers, the
 * smallest a few dozen); 80% small projects; submission dates uniform over three years; time to
 * decision log-normal around 30 days (small) and 69 days (large) scaled per commune (log-normal
 * factor, sigma 0.35), minus the days the clock stood still (returns for 25% of dossiers, the applicant's
 * fees); past the deadline, 30% become tacit approvals; dossiers whose decision would fall after now are
 * still open (the live backlog); 3 or 4 commission opinions per dossier, log-normal delays per
 * organisation, some late. Foreign-key triggers are off during the load (session_replication_role).
 *
 * <p>Run: {@code ./mvnw -pl api -am -Pbench verify -Dit.test=RankingBench} (from a worktree without the
 * indexer module: {@code -f api/pom.xml}); size: {@code -Dbench.ranking.dossiers=1000000}.
 */
class RankingBench {

    private static final ZoneId MA = ZoneId.of("Africa/Casablanca");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern RANKED = Pattern.compile("\"ranked\":(\\d+)");

    @Test
    void rankingOnAMillionDossiers() throws Exception {
        int dossiers = Integer.getInteger("bench.ranking.dossiers", 1_000_000);
        Path dir = Files.createDirectories(Path.of("target", "bench-ranking-" + UUID.randomUUID()));
        int pgPort = AppProcess.freePort();
        String jdbc = "jdbc:postgresql://localhost:" + pgPort + "/postgres";
        Map<String, String> props = Map.of(
                "rokhsa.database.embedded-port", String.valueOf(pgPort),
                "rokhsa.ranking.cache-ttl", "0",
                "rokhsa.pipeline.stages.store.enabled", "false",
                "rokhsa.pipeline.stages.extract.enabled", "false",
                "rokhsa.pipeline.stages.index.enabled", "false");
        List<String> jvm = List.of("-Xmx768m");

        double loadSeconds;
        long[] shape;
        try (AppProcess app = AppProcess.start("bench-ranking", dir.resolve("data"), props, jvm).awaitReady(Duration.ofMinutes(3));
             Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
            long t0 = System.nanoTime();
            load(c, dossiers);
            loadSeconds = (System.nanoTime() - t0) / 1e9;
            shape = shape(c);
        }

        String quarter = lastFullQuarter();
        HttpClient http = HttpClient.newHttpClient();
        try (AppProcess app = AppProcess.start("bench-ranking", dir.resolve("data"), props, jvm).awaitReady(Duration.ofMinutes(3));
             Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
            // Cold: the first computation of the quarter after the restart (the live ranking was computed at start-up).
            Timed cold = get(http, app, quarter);
            List<Timed> warm = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                warm.add(get(http, app, quarter));
            }
            List<Timed> live = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                live.add(get(http, app, "rolling-90"));
            }

            String computeCalendar = computeMetric(http, app, "calendar");
            String computeLive = computeMetric(http, app, "live");

            ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
            Disposable sse = WebClient.create(app.baseUrl()).get().uri("/api/ranking/events").accept(MediaType.TEXT_EVENT_STREAM)
                    .retrieve().bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                    .filter(e -> "ranking.updated".equals(e.event()))
                    .subscribe(e -> {
                        long at = System.nanoTime();
                        JsonNode d = JSON.readTree(e.data());
                        List<String> communes = new ArrayList<>();
                        d.path("communes").forEach(n -> communes.add(n.asString()));
                        arrivals.add(new Arrival(d.path("eventId").asLong(), communes, at));
                    });
            try {
                Thread.sleep(1000);
                List<Open> open = openDossiers(c, 100);
                Random rnd = new Random(42);
                List<Double> spaced = new ArrayList<>();
                for (Open d : open.subList(0, 50)) {
                    long start = System.nanoTime();
                    long eventId = decide(c, d);
                    spaced.add(awaitArrival(arrivals, eventId, d.commune(), start));
                    Thread.sleep(600 + rnd.nextInt(400));
                }
                // A burst: 50 decisions back to back; each is timed until an update reflecting it arrives.
                List<long[]> burst = new ArrayList<>();
                for (Open d : open.subList(50, 100)) {
                    long start = System.nanoTime();
                    burst.add(new long[] {decide(c, d), start});
                }
                List<Double> burstLatencies = new ArrayList<>();
                for (int i = 0; i < burst.size(); i++) {
                    burstLatencies.add(awaitArrival(arrivals, burst.get(i)[0], open.get(50 + i).commune(), burst.get(i)[1]));
                }
                long updatesDuringBurst = arrivals.stream().filter(a -> a.eventId() >= burst.get(0)[0]).count();

                System.out.printf("%n=== Ranking benchmark (%d cores, app JVM -Xmx768m, embedded PostgreSQL 17, shared_buffers 128MB) ===%n",
                        Runtime.getRuntime().availableProcessors());
                System.out.printf("history: %,d dossiers (%,d decided, %,d open), %,d communes, %,d commission opinions; loaded in %.0f s%n",
                        shape[0], shape[1], shape[0] - shape[1], shape[2], shape[3], loadSeconds);
                System.out.printf("quarter %s: %,d dossiers decided in it, %d communes ranked, response %,d KB%n",
                        quarter, decidedIn(c, quarter), cold.ranked(), cold.bytes() / 1024);
                System.out.printf("GET /api/ranking?period=%s   cold: %.0f ms   warm p50 of 10: %.0f ms (min %.0f, max %.0f)%n",
                        quarter, cold.ms(), p(warm.stream().map(Timed::ms).toList(), 50),
                        warm.stream().mapToDouble(Timed::ms).min().orElseThrow(), warm.stream().mapToDouble(Timed::ms).max().orElseThrow());
                System.out.printf("GET /api/ranking?period=rolling-90   p50 of 10: %.0f ms (min %.0f, max %.0f); %d communes ranked%n",
                        p(live.stream().map(Timed::ms).toList(), 50), live.stream().mapToDouble(Timed::ms).min().orElseThrow(),
                        live.stream().mapToDouble(Timed::ms).max().orElseThrow(), live.get(0).ranked());
                System.out.printf("server side (SQL + assembly, before JSON), rokhsa.ranking.compute: quarter %s; live %s%n",
                        computeCalendar, computeLive);
                System.out.printf("decision -> live ranking (SSE ranking.updated), 50 spaced out: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                        p(spaced, 50), p(spaced, 99), spaced.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
                System.out.printf("decision -> live ranking, 50 in a burst: p50 %.0f ms, p99 %.0f ms; %d updates pushed for them (debounce 500 ms)%n",
                        p(burstLatencies, 50), p(burstLatencies, 99), updatesDuringBurst);
            } finally {
                sse.dispose();
            }
        }
    }

    record Timed(double ms, long bytes, int ranked) {
    }

    record Arrival(long eventId, List<String> communes, long nanos) {
    }

    record Open(UUID id, String commune, boolean large) {
    }

    private static Timed get(HttpClient http, AppProcess app, String period) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/ranking?period=" + period))
                .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - t0) / 1e6;
        assertThat(r.statusCode()).as(new String(r.body(), 0, Math.min(500, r.body().length))).isEqualTo(200);
        Matcher m = RANKED.matcher(new String(r.body(), 0, Math.min(r.body().length, 200_000)));
        return new Timed(ms, r.body().length, m.find() ? Integer.parseInt(m.group(1)) : -1);
    }

    /** Mean and max of the server's ranking computations so far, from the actuator (admin account). */
    private static String computeMetric(HttpClient http, AppProcess app, String period) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl()
                        + "/actuator/metrics/rokhsa.ranking.compute?tag=period:" + period))
                .header("Authorization", UploadBench.basic("admin")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode m = JSON.readTree(r.body());
        double count = 0;
        double total = 0;
        double max = 0;
        for (JsonNode n : m.path("measurements")) {
            switch (n.path("statistic").asString()) {
                case "COUNT" -> count = n.path("value").asDouble();
                case "TOTAL_TIME" -> total = n.path("value").asDouble();
                case "MAX" -> max = n.path("value").asDouble();
                default -> { }
            }
        }
        return String.format("mean %.0f ms, max %.0f ms over %.0f", 1000 * total / Math.max(1, count), 1000 * max, count);
    }

    private static double awaitArrival(ConcurrentLinkedQueue<Arrival> arrivals, long eventId, String commune, long start)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Arrival a : arrivals) {
                // Only this benchmark writes events, one transaction at a time: an update computed after
                // event id N has every decision up to N.
                if (a.eventId() >= eventId && a.communes().contains(commune)) {
                    return (a.nanos() - start) / 1e6;
                }
            }
            Thread.sleep(1);
        }
        throw new AssertionError("no ranking.updated for event " + eventId + " (" + commune + ") within 30 s");
    }

    /** Decides an open dossier the way the workflow does: one transaction, the commune's event lock first. */
    private static long decide(Connection c, Open d) throws Exception {
        c.setAutoCommit(false);
        try {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, d.commune());
                lock.execute();
            }
            exec(c, "UPDATE dossier SET status = 'ISSUED', updated_at = now() WHERE id = ?", d.id());
            exec(c, "UPDATE dossier_clock SET stopped_at = greatest(started_at, now()) WHERE dossier_id = ? AND stopped_at IS NULL", d.id());
            int deadline = d.large() ? 30 : 15;
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO dossier_outcome (dossier_id, commune_code, large_project, submitted_at, decided_at, outcome,
                                                 legal_days, deadline_days, within_deadline, returned_count)
                    SELECT d.id, d.commune_code, ?, d.submitted_at, now(), 'ISSUED', k.days, ?, k.days <= ?, 0
                    FROM dossier d, LATERAL (
                        SELECT coalesce(sum((stopped_at AT TIME ZONE 'Africa/Casablanca')::date
                                            - (started_at AT TIME ZONE 'Africa/Casablanca')::date), 0) AS days
                        FROM dossier_clock WHERE dossier_id = d.id) k
                    WHERE d.id = ?""")) {
                s.setBoolean(1, d.large());
                s.setInt(2, deadline);
                s.setInt(3, deadline);
                s.setObject(4, d.id());
                s.executeUpdate();
            }
            long id;
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO event (dossier_id, commune_code, commune_visible, type, data)
                    VALUES (?, ?, true, 'dossier.status', ?::json) RETURNING id""")) {
                s.setObject(1, d.id());
                s.setString(2, d.commune());
                s.setString(3, "{\"dossierId\":\"" + d.id() + "\",\"communeCode\":\"" + d.commune()
                        + "\",\"previousStatus\":\"SIGNED\",\"status\":\"ISSUED\"}");
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            c.commit();
            return id;
        } catch (Exception e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void exec(Connection c, String sql, UUID id) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            s.executeUpdate();
        }
    }

    /** Open dossiers in review, picked at random (so weighted by the communes' volumes). */
    private static List<Open> openDossiers(Connection c, int n) throws Exception {
        List<Open> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, commune_code, type = 'BUILDING_LARGE' AS large FROM dossier "
                     + "WHERE status = 'IN_REVIEW' ORDER BY random() LIMIT " + n)) {
            while (rs.next()) {
                out.add(new Open(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3)));
            }
        }
        assertThat(out).hasSize(n);
        return out;
    }

    private static String lastFullQuarter() {
        LocalDate today = LocalDate.now(MA);
        LocalDate startOfThis = LocalDate.of(today.getYear(), (today.getMonthValue() - 1) / 3 * 3 + 1, 1);
        LocalDate previous = startOfThis.minusMonths(3);
        return previous.getYear() + "-Q" + ((previous.getMonthValue() - 1) / 3 + 1);
    }

    private static long decidedIn(Connection c, String quarter) throws Exception {
        int year = Integer.parseInt(quarter.substring(0, 4));
        int q = quarter.charAt(6) - '0';
        LocalDate from = LocalDate.of(year, (q - 1) * 3 + 1, 1);
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM dossier_outcome WHERE decided_at >= ? AND decided_at < ?")) {
            s.setObject(1, from.atStartOfDay(MA).toOffsetDateTime());
            s.setObject(2, from.plusMonths(3).atStartOfDay(MA).toOffsetDateTime());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long[] shape(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT (SELECT count(*) FROM dossier), (SELECT count(*) FROM dossier_outcome), (SELECT count(*) FROM commune),
                       (SELECT count(*) FROM dossier_commission)""")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
        }
    }

    private static double p(List<Double> values, int percentile) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int i = (int) Math.ceil(percentile / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }

    /** The synthetic history, set-based: a few statements, each over the whole generated series. */
    private static void load(Connection c, int dossiers) throws Exception {
        List<String> steps = Arrays.asList(
                "SET session_replication_role = replica",
                "SET synchronous_commit = off",
                "SET maintenance_work_mem = '256MB'",
                "SET work_mem = '64MB'",
                """
                INSERT INTO province (code, name_fr, name_ar, region)
                SELECT 'P' || lpad(p::text, 3, '0'), 'Province ' || p, 'إقليم ' || p, 'Synthétique' FROM generate_series(1, 75) p""",
                """
                INSERT INTO organisation (code, kind, name_fr, name_ar, province_code)
                SELECT pr.code || '-' || k.kind, k.kind, k.kind || ' - ' || pr.name_fr, k.kind || ' - ' || pr.name_ar, pr.code
                FROM province pr CROSS JOIN (VALUES ('AU'), ('PC'), ('ONEE'), ('ANCFCC'), ('TEL')) k(kind)
                WHERE pr.code LIKE 'P%'""",
                """
                INSERT INTO commune (code, name_fr, name_ar, province_code, urban)
                SELECT 'C' || lpad(i::text, 4, '0'), 'Commune ' || i, 'جماعة ' || i, 'P' || lpad((1 + (i - 1) % 75)::text, 3, '0'), i % 3 <> 0
                FROM generate_series(1, 1500) i""",
                // Zipf volumes over the communes in a shuffled order, and a performance factor per commune.
                """
                CREATE UNLOGGED TABLE bench_commune AS
                WITH ranked AS (SELECT code, province_code, row_number() OVER (ORDER BY md5(code)) AS i FROM commune),
                     w AS (SELECT *, 1.0 / i AS w FROM ranked)
                SELECT code, province_code, greatest(1, ceil(%d * w / sum(w) OVER ()))::int AS n,
                       exp(0.35 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) AS f
                FROM w""".formatted(dossiers),
                """
                CREATE UNLOGGED TABLE bench_gen AS
                SELECT gen_random_uuid() AS id, c.code AS commune, c.province_code AS province, c.f, g AS seq,
                       random() < 0.2 AS large, random() AS u_type, now() - random() * interval '3 years' AS submitted_at,
                       sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z,
                       random() AS u_ret, random() AS u_stop, random() AS u_fee, random() AS u_tacit, random() AS u_refuse,
                       random() AS u_hour
                FROM bench_commune c, generate_series(1, c.n) g""",
                """
                CREATE UNLOGGED TABLE bench_final AS
                SELECT b.*, s.outcome, s.legal_days,
                       b.submitted_at + (s.legal_days + b.stop_days) * interval '1 day' + b.u_hour * interval '8 hours' AS decided_at
                FROM (
                    SELECT id, commune, province, seq, large, submitted_at, u_tacit, u_refuse, u_hour,
                           CASE WHEN large THEN 'BUILDING_LARGE' WHEN u_type < 0.70 THEN 'BUILDING_SMALL'
                                WHEN u_type < 0.84 THEN 'SIMPLE_DECLARATION' WHEN u_type < 0.90 THEN 'HABITATION_PERMIT'
                                WHEN u_type < 0.95 THEN 'RENOVATION' ELSE 'DEMOLITION' END AS type,
                           CASE WHEN u_ret < 0.20 THEN 1 WHEN u_ret < 0.25 THEN 2 ELSE 0 END AS returned_count,
                           (CASE WHEN u_ret < 0.25 THEN round(3 + u_stop * 25) ELSE 0 END + 2 + round(u_fee * 10))::int AS stop_days,
                           CASE WHEN large THEN 30 ELSE 15 END AS deadline,
                           round((CASE WHEN large THEN 69 ELSE 30 END) * f * exp(0.6 * z))::int AS elapsed
                    FROM bench_gen) b,
                LATERAL (SELECT CASE WHEN greatest(1, b.elapsed - b.stop_days) > b.deadline AND b.u_tacit < 0.3 THEN 'DEEMED_APPROVED'
                                     WHEN b.u_refuse < 0.12 THEN 'REFUSED' ELSE 'ISSUED' END AS outcome,
                                CASE WHEN greatest(1, b.elapsed - b.stop_days) > b.deadline AND b.u_tacit < 0.3 THEN b.deadline + 1
                                     ELSE greatest(1, b.elapsed - b.stop_days) END AS legal_days) s""",
                """
                INSERT INTO dossier (id, reference, type, commune_code, title, applicant, architect_id, status, created_at, updated_at, submitted_at)
                SELECT id, 'B-' || commune || '-' || seq, type, commune, 'Dossier synthétique', '{"name":"Bench"}'::jsonb,
                       '00000000-0000-4000-8000-000000000001',
                       CASE WHEN decided_at <= now() THEN outcome
                            WHEN returned_count > 0 AND u_hour < 0.3 THEN 'RETURNED'
                            ELSE (ARRAY['SUBMITTED','IN_REVIEW','IN_REVIEW','IN_REVIEW','DECISION_DRAFTED','FEES_DUE'])[1 + floor(u_refuse * 6)::int] END,
                       submitted_at - interval '2 days', least(decided_at, now()), submitted_at
                FROM bench_final""",
                """
                INSERT INTO dossier_outcome (dossier_id, commune_code, large_project, submitted_at, decided_at, outcome, legal_days,
                                             deadline_days, within_deadline, returned_count)
                SELECT id, commune, large, submitted_at, decided_at, outcome, legal_days, CASE WHEN large THEN 30 ELSE 15 END,
                       outcome <> 'DEEMED_APPROVED' AND legal_days <= CASE WHEN large THEN 30 ELSE 15 END, returned_count
                FROM bench_final WHERE decided_at <= now()""",
                // The legal clock: one running period, or two around a return.
                """
                INSERT INTO dossier_clock (dossier_id, started_at, stopped_at)
                SELECT id, submitted_at, CASE WHEN returned_count > 0 THEN submitted_at + interval '2 days'
                                              WHEN decided_at <= now() THEN decided_at END
                FROM bench_final""",
                """
                INSERT INTO dossier_clock (dossier_id, started_at, stopped_at)
                SELECT id, submitted_at + interval '2 days' + stop_days * interval '1 day', CASE WHEN decided_at <= now() THEN decided_at END
                FROM bench_final
                WHERE returned_count > 0 AND submitted_at + interval '2 days' + stop_days * interval '1 day' <= least(decided_at, now())""",
                // Commission opinions: urban agency, civil protection, utility, and telecoms for large projects. (Triggers
                // are off with the replication role, so the commune is copied here as the V30 trigger would.)
                """
                INSERT INTO dossier_commission (dossier_id, commune_code, organisation_code, sent_at, due_date, given_at, opinion)
                SELECT id, commune, org, sent, due, CASE WHEN given <= now() THEN given END, CASE WHEN given <= now() THEN 'FAVOURABLE' END
                FROM (SELECT f.id, f.commune, f.province || '-' || k.kind AS org, f.submitted_at + interval '2 days' AS sent,
                             (f.submitted_at + interval '23 days')::date AS due,
                             f.submitted_at + interval '2 days'
                               + k.median * exp(0.4 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) * interval '1 day' AS given
                      FROM bench_final f CROSS JOIN (VALUES ('AU', 14.0), ('PC', 18.0), ('ONEE', 20.0), ('TEL', 25.0)) k(kind, median)
                      WHERE k.kind <> 'TEL' OR f.large) s""",
                "DROP TABLE bench_gen",
                "DROP TABLE bench_final",
                "DROP TABLE bench_commune",
                "SET session_replication_role = DEFAULT",
                "VACUUM ANALYZE dossier",
                "VACUUM ANALYZE dossier_outcome",
                "VACUUM ANALYZE dossier_clock",
                "VACUUM ANALYZE dossier_commission",
                "ANALYZE commune");
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            for (String sql : steps) {
                long t0 = System.nanoTime();
                s.execute(sql);
                String first = sql.strip().lines().findFirst().orElse("");
                System.out.printf("  load: %-90.90s %6.1f s%n", first, (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
