package ma.rokhsa.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** Finished tasks are deleted once older than the retention; dead ones, recent ones and the documents stay. */
class TaskRetentionIT extends ApiIT {

    private static final Duration T = Duration.ofSeconds(30);

    @Autowired
    Pipeline pipeline;
    @Autowired
    TaskQueue queue;
    @Autowired
    DatabaseClient db;

    @Test
    void finishedTasksOlderThanTheRetentionAreDeletedAndNothingElse() {
        UUID dossier = newDossier("amina");
        UUID aged = uploaded(dossier, "APPLICATION_FORM", "demande-ar.pdf");
        UUID recent = uploaded(dossier, "PROPERTY_CERTIFICATE", "certificat-fr.pdf");
        UUID dead = uploaded(dossier, "ARCHITECTURAL_PLANS", "plan-a0.pdf");
        awaitValid(dossier, List.of(aged, recent, dead));
        // Their extraction tasks are done: one finished 8 days ago, one dead 8 days ago, one just now.
        age(aged, "DONE");
        age(dead, "DEAD");

        long deleted = pipeline.pruneDone(Duration.ofDays(7)).block(T);

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(extractTask(aged)).isNull();
        assertThat(extractTask(recent)).containsEntry("state", "DONE");
        assertThat(extractTask(dead)).containsEntry("state", "DEAD");
        assertThat(document("amina", dossier, aged).get("status")).isIn("VALID", "INDEXED");
        // The stage can still be scheduled again for the document whose task is gone.
        queue.enqueue(aged, "extract").block(T);
        assertThat(extractTask(aged)).isNotNull();
    }

    private void age(UUID document, String state) {
        db.sql("UPDATE stage_task SET state = :s, updated_at = now() - interval '8 days' WHERE document_id = :d AND stage = 'extract'")
                .bind("s", state).bind("d", document).fetch().rowsUpdated().block(T);
    }

    private Map<String, Object> extractTask(UUID document) {
        return queue.tasksOf(document).filter(t -> "extract".equals(t.get("stage"))).next().block(T);
    }
}
