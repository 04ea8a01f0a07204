package ma.rokhsa.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Time from upload to searchable over the whole application: documents uploaded over HTTP at a steady
 * pace (one dossier each), each timed from the start of its upload request to the moment it was recorded
 * INDEXED (which the index stage records once a refresh made it searchable), through store, extraction,
 * validation and indexing on the embedded search node.
 *
 * <p>Run: {@code ./mvnw -pl api -am -Pbench verify -Dit.test=UploadToSearchableBench}
 * (documents: -Dbench.searchable.docs=60, per second: -Dbench.searchable.rate=2).
 */
class UploadToSearchableBench extends ApiIT {

    @Autowired
    DatabaseClient db;

    @Test
    void uploadToSearchable() throws Exception {
        int docs = Integer.getInteger("bench.searchable.docs", 60);
        int rate = Integer.getInteger("bench.searchable.rate", 2);
        List<Path> files = List.of(FIXTURES.resolve("demande-ar.pdf"), FIXTURES.resolve("certificat-fr.pdf"));
        List<UUID> dossiers = new ArrayList<>();
        for (int i = 0; i < docs + 4; i++) {
            dossiers.add(newDossier("amina"));
        }
        // Warm-up: a few documents through every stage, not counted.
        List<UUID> warm = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            warm.add(uploaded(dossiers.get(i), "APPLICATION_FORM", files.get(i % 2).getFileName().toString()));
        }
        awaitIndexed(warm, Duration.ofMinutes(3));

        Map<UUID, Instant> started = new LinkedHashMap<>();
        long period = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (int i = 0; i < docs; i++) {
            Instant t0 = Instant.now();
            UUID doc = uploaded(dossiers.get(4 + i), "APPLICATION_FORM", files.get(i % 2).getFileName().toString());
            started.put(doc, t0);
            next += period;
            long sleep = (next - System.nanoTime()) / 1_000_000;
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
        }
        Map<UUID, OffsetDateTime> indexed = awaitIndexed(List.copyOf(started.keySet()), Duration.ofMinutes(5));
        long[] ms = started.entrySet().stream()
                .mapToLong(e -> Duration.between(e.getValue(), indexed.get(e.getKey()).toInstant()).toMillis())
                .sorted().toArray();
        System.out.printf(Locale.ROOT, "%n=== Upload to searchable (%d cores, embedded PostgreSQL and search node) ===%n"
                        + "%d documents (one-page Arabic and French PDFs), %d per second, each in its own dossier%n"
                        + "upload -> INDEXED (searchable): p50 %.0f ms  p99 %.0f ms  max %d ms%n",
                Runtime.getRuntime().availableProcessors(), docs, rate, SseFanOutBench.percentile(ms, 0.50),
                SseFanOutBench.percentile(ms, 0.99),
                ms[ms.length - 1]);
    }

    private Map<UUID, OffsetDateTime> awaitIndexed(List<UUID> docs, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Map<UUID, OffsetDateTime> at = new LinkedHashMap<>();
            db.sql("SELECT id, status, updated_at FROM document WHERE id = ANY(:ids)").bind("ids", docs.toArray(UUID[]::new))
                    .map(r -> {
                        if ("INDEXED".equals(r.get("status", String.class))) {
                            at.put(r.get("id", UUID.class), r.get("updated_at", OffsetDateTime.class));
                        }
                        return 1;
                    }).all().blockLast();
            if (at.size() == docs.size()) {
                return at;
            }
            assertThat(System.nanoTime()).as("every document INDEXED within %s (%d of %d)", limit, at.size(), docs.size())
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
