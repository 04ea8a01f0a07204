package ma.rokhsa.api.pipeline;

import reactor.core.publisher.Mono;

/**
 * The work of one pipeline stage on one document. Implementations must be idempotent (a task can run
 * again after a crash) and must record their result, the next stage's task and
 * {@link StageContext#complete()} in one transaction. An error means "retry later"; after the
 * configured number of attempts the task is dead-lettered and the document marked FAILED.
 */
public interface StageHandler {

    /** The stage's name, as used in configuration ({@code rokhsa.pipeline.stages.<name>}) and metrics. */
    String stage();

    Mono<Void> process(StageContext ctx);

    /** Documents this stage handles at once on this instance unless configured otherwise. */
    default int defaultConcurrency() {
        return 2;
    }

    /**
     * Why this stage cannot do its work on this instance (a tool it needs is missing), or {@code null} when it
     * can. Asked once at start-up: a stage that cannot run here is not started, and leaves its tasks to the
     * instances that can.
     */
    default String unavailableReason() {
        return null;
    }
}
