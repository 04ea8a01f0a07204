package ma.rokhsa.api.demo;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import reactor.core.publisher.Mono;

/**
 * The {@code demo_seed} row that makes the demo data a first start's business only: claimed when a seed
 * starts (by one instance: the row's key is unique), closed with its outcome when it ends. Non-blocking.
 */
final class SeedMarker {

    /** What an earlier start left: nothing, a finished seed, or one that never finished. */
    record Previous(OffsetDateTime startedAt, OffsetDateTime finishedAt, String outcome, String summary) {

        boolean finished() {
            return outcome != null;
        }
    }

    private final DatabaseClient db;

    SeedMarker(DatabaseClient db) {
        this.db = db;
    }

    Mono<Previous> previous() {
        return db.sql("SELECT started_at, finished_at, outcome, summary::text AS summary FROM demo_seed WHERE id = 1")
                .map(r -> new Previous(r.get("started_at", OffsetDateTime.class), r.get("finished_at", OffsetDateTime.class),
                        r.get("outcome", String.class), r.get("summary", String.class)))
                .one();
    }

    /** Dossiers already in the database (demo data goes into an empty platform only). */
    Mono<Long> dossiers() {
        return db.sql("SELECT count(*) AS n FROM dossier").map(r -> r.get("n", Long.class)).one();
    }

    /** Claims the seed; false if another instance did first. */
    Mono<Boolean> claim(long seed, LocalDate storyFrom) {
        return db.sql("INSERT INTO demo_seed (id, seed, story_from) VALUES (1, :s, :f) ON CONFLICT (id) DO NOTHING")
                .bind("s", seed).bind("f", storyFrom).fetch().rowsUpdated().map(n -> n > 0);
    }

    Mono<Void> finish(boolean done, String summaryJson) {
        return db.sql("UPDATE demo_seed SET finished_at = now(), outcome = :o, summary = :j WHERE id = 1")
                .bind("o", done ? "DONE" : "FAILED")
                .bind("j", Parameter.fromOrEmpty(summaryJson == null ? null : Json.of(summaryJson), Json.class))
                .then();
    }

    /** Documents the pipeline still has to check or index. */
    Mono<Long> pipelineBacklog() {
        return db.sql("SELECT count(*) AS n FROM stage_task WHERE state IN ('PENDING', 'RUNNING')").map(r -> r.get("n", Long.class)).one();
    }
}
