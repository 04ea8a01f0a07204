package ma.rokhsa.api.pipeline;

import reactor.core.publisher.Mono;

/** What a handler gets for one task: the task, and the way to mark it done inside its own transaction. */
public record StageContext(Task task, String owner, TaskQueue queue) {

    /** Marks the task done; compose it into the transaction that records the result. */
    public Mono<Void> complete() {
        return queue.complete(task, owner).then();
    }

    /** Marks the task done and hands its document to the next stage; compose it like {@link #complete()}. */
    public Mono<Void> handOver(String nextStage) {
        return queue.handOver(task, owner, nextStage);
    }
}
