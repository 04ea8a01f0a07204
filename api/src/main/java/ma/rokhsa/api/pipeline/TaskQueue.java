package ma.rokhsa.api.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.dossier.R2dbcDossierStore;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The durable work queue in PostgreSQL. Enqueueing is part of the caller's transaction; claiming uses
 * {@code FOR UPDATE SKIP LOCKED} so any number of instances can share the work; a claim is a lease
 * that a crashed worker's death lets expire, after which another worker takes the task again.
 * Completion and failure only apply while the caller still holds the lease.
 */
@Component
public class TaskQueue {

    /** Schedules (:d, :s): a new task, or a done or dead one made pending again. */
    private static final String ENQUEUE = """
            INSERT INTO stage_task (document_id, stage) VALUES (:d, :s)
            ON CONFLICT (document_id, stage) DO UPDATE
              SET state = 'PENDING', attempts = 0, next_attempt_at = now(), lease_owner = NULL, lease_until = NULL,
                  last_error = NULL, updated_at = now()
              WHERE stage_task.state IN ('DONE', 'DEAD')""";

    private final DatabaseClient db;

    public TaskQueue(DatabaseClient db) {
        this.db = db;
    }

    /** Schedules a document for a stage (again, if it was done or dead). Run it inside the transaction that made the document ready. */
    public Mono<Void> enqueue(UUID documentId, String stage) {
        return db.sql(ENQUEUE).bind("d", documentId).bind("s", stage).then();
    }

    /**
     * Claims up to {@code max} ready tasks of a stage: running ones whose lease expired first (their worker
     * died), then pending ones that are due, oldest first. Each arm reads only its partial index, so a claim
     * costs the same with a million done tasks in the table as with none. The document comes with the task,
     * which saves each stage a read.
     */
    public Flux<Task> claim(String stage, String owner, int max, Duration lease) {
        return db.sql("""
                WITH expired AS (
                    SELECT id FROM stage_task WHERE stage = :stage AND state = 'RUNNING' AND lease_until < now()
                    ORDER BY lease_until LIMIT :max FOR UPDATE SKIP LOCKED),
                due AS (
                    SELECT id FROM stage_task WHERE stage = :stage AND state = 'PENDING' AND next_attempt_at <= now()
                    ORDER BY next_attempt_at, id LIMIT :max FOR UPDATE SKIP LOCKED)
                UPDATE stage_task t SET state = 'RUNNING', lease_owner = :owner, lease_until = now() + :lease * interval '1 millisecond',
                       attempts = t.attempts + 1, updated_at = now()
                FROM document d
                WHERE d.id = t.document_id
                  AND t.id IN (SELECT id FROM (SELECT id FROM expired UNION ALL SELECT id FROM due) AS ready LIMIT :max)
                RETURNING t.id AS task_id, t.stage AS task_stage, t.attempts AS task_attempts, d.*""")
                .bind("owner", owner).bind("lease", lease.toMillis()).bind("stage", stage).bind("max", max)
                .map(r -> new Task(r.get("task_id", Long.class), r.get("task_stage", String.class),
                        r.get("task_attempts", Integer.class), R2dbcDossierStore.toDocument(r)))
                .all()
                .sort((a, b) -> Long.compare(a.id(), b.id()));
    }

    /** Extends the lease of a task still being worked on; false if the lease was lost. */
    public Mono<Boolean> renew(Task t, String owner, Duration lease) {
        return db.sql("UPDATE stage_task SET lease_until = now() + :lease * interval '1 millisecond' WHERE id = :id AND state = 'RUNNING' AND lease_owner = :owner")
                .bind("lease", lease.toMillis()).bind("id", t.id()).bind("owner", owner)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Marks a task done; run it in the transaction that records the stage's result. */
    public Mono<Boolean> complete(Task t, String owner) {
        return db.sql("UPDATE stage_task SET state = 'DONE', lease_owner = NULL, lease_until = NULL, updated_at = now() WHERE id = :id AND state = 'RUNNING' AND lease_owner = :owner")
                .bind("id", t.id()).bind("owner", owner).fetch().rowsUpdated().map(n -> n > 0);
    }

    /**
     * Marks a task done and schedules its document for the next stage, in one statement; run it in the
     * transaction that records the stage's result.
     */
    public Mono<Void> handOver(Task t, String owner, String nextStage) {
        return db.sql("""
                WITH done AS (
                    UPDATE stage_task SET state = 'DONE', lease_owner = NULL, lease_until = NULL, updated_at = now()
                    WHERE id = :id AND state = 'RUNNING' AND lease_owner = :owner)
                """ + ENQUEUE)
                .bind("id", t.id()).bind("owner", owner).bind("d", t.documentId()).bind("s", nextStage).then();
    }

    /** Schedules a retry after {@code backoff}, or dead-letters the task; returns whether it is now dead. */
    public Mono<Boolean> fail(Task t, String owner, String error, boolean dead, Duration backoff) {
        return db.sql("""
                UPDATE stage_task SET state = :state, next_attempt_at = now() + :backoff * interval '1 millisecond',
                       lease_owner = NULL, lease_until = NULL, last_error = :error, updated_at = now()
                WHERE id = :id AND state = 'RUNNING' AND lease_owner = :owner""")
                .bind("state", dead ? "DEAD" : "PENDING").bind("backoff", backoff.toMillis())
                .bind("error", error.length() > 4000 ? error.substring(0, 4000) : error)
                .bind("id", t.id()).bind("owner", owner)
                .fetch().rowsUpdated().map(n -> dead && n > 0);
    }

    /** Puts a task back to wait for an outage to end, giving back the attempt its claim took. */
    public Mono<Boolean> postpone(Task t, String owner, String error, Duration wait) {
        return db.sql("""
                UPDATE stage_task SET state = 'PENDING', attempts = greatest(0, attempts - 1),
                       next_attempt_at = now() + :wait * interval '1 millisecond', lease_owner = NULL, lease_until = NULL,
                       last_error = :error, updated_at = now()
                WHERE id = :id AND state = 'RUNNING' AND lease_owner = :owner""")
                .bind("wait", wait.toMillis()).bind("error", error).bind("id", t.id()).bind("owner", owner)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Re-arms a stage for every document of a dossier in one of the given statuses (e.g. re-index after a status change). */
    public Mono<Void> enqueueDossier(UUID dossierId, String stage, List<String> documentStatuses) {
        return db.sql("""
                INSERT INTO stage_task (document_id, stage)
                SELECT id, :s FROM document WHERE dossier_id = :d AND status = ANY(:st)
                ON CONFLICT (document_id, stage) DO UPDATE
                  SET state = 'PENDING', attempts = 0, next_attempt_at = now(), last_error = NULL, updated_at = now()
                  WHERE stage_task.state IN ('DONE', 'DEAD', 'RUNNING')""")
                .bind("s", stage).bind("d", dossierId).bind("st", documentStatuses.toArray(String[]::new)).then();
    }

    /**
     * Schedules a stage for a document whose data just changed, in the caller's transaction: like
     * {@link #enqueue}, and a task of that stage running right now is made pending again too, since it may
     * have read the data as it was (its worker's completion then no longer applies, and it runs again).
     */
    public Mono<Void> enqueueAfterChange(UUID documentId, String stage) {
        return db.sql("""
                INSERT INTO stage_task (document_id, stage) VALUES (:d, :s)
                ON CONFLICT (document_id, stage) DO UPDATE
                  SET state = 'PENDING', attempts = 0, next_attempt_at = now(), lease_owner = NULL, lease_until = NULL,
                      last_error = NULL, updated_at = now()
                  WHERE stage_task.state IN ('DONE', 'DEAD', 'RUNNING')""")
                .bind("d", documentId).bind("s", stage).then();
    }

    /**
     * Schedules a stage, in one statement, for every accepted document (VALID or INDEXED) whose problems
     * carry {@code problemCode}; returns how many were scheduled (those already waiting for the stage are
     * not counted again). The code is written into the statement, not bound, so that PostgreSQL can answer
     * from a partial index on that code (a bound value never matches an index predicate).
     */
    public Mono<Long> enqueueAcceptedWithProblem(String problemCode, String stage) {
        if (!problemCode.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("not a problem code: " + problemCode);
        }
        return db.sql("""
                INSERT INTO stage_task (document_id, stage)
                SELECT id, :s FROM document
                WHERE problems @> '[{"code": "%s"}]'::jsonb AND status IN ('VALID', 'INDEXED')
                ON CONFLICT (document_id, stage) DO UPDATE
                  SET state = 'PENDING', attempts = 0, next_attempt_at = now(), last_error = NULL, updated_at = now()
                  WHERE stage_task.state IN ('DONE', 'DEAD')""".formatted(problemCode))
                .bind("s", stage).fetch().rowsUpdated();
    }

    /**
     * Deletes up to {@code batch} tasks finished more than {@code age} ago; returns how many. A document's
     * next enqueue of that stage simply inserts a new task. Dead tasks are kept: someone has to look at them.
     */
    public Mono<Long> pruneDone(Duration age, int batch) {
        return db.sql("""
                DELETE FROM stage_task WHERE id IN (
                    SELECT id FROM stage_task WHERE state = 'DONE' AND updated_at < now() - :age * interval '1 millisecond'
                    LIMIT :batch FOR UPDATE SKIP LOCKED)""")
                .bind("age", age.toMillis()).bind("batch", batch)
                .fetch().rowsUpdated();
    }

    /** Queue depth per stage and state, for metrics. */
    public Mono<Map<String, Long>> depths() {
        // One arm per partial index: the done tasks (nearly all of the table) are never read.
        return db.sql("""
                SELECT stage || '/PENDING' AS k, count(*) AS n FROM stage_task WHERE state = 'PENDING' GROUP BY stage
                UNION ALL
                SELECT stage || '/RUNNING', count(*) FROM stage_task WHERE state = 'RUNNING' GROUP BY stage
                UNION ALL
                SELECT stage || '/DEAD', count(*) FROM stage_task WHERE state = 'DEAD' GROUP BY stage""")
                .map(r -> Map.entry(r.get("k", String.class), r.get("n", Long.class)))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Tasks of a document, for diagnostics and tests. */
    public Flux<Map<String, Object>> tasksOf(UUID documentId) {
        return db.sql("SELECT stage, state, attempts, last_error FROM stage_task WHERE document_id = :d ORDER BY id")
                .bind("d", documentId).fetch().all();
    }

    List<String> states() {
        return List.of("PENDING", "RUNNING", "DEAD");
    }
}
