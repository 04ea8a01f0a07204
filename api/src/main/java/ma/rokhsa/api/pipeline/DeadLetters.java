package ma.rokhsa.api.pipeline;

import reactor.core.publisher.Mono;

/** What happens to a document whose task was dead-lettered (marks it failed and tells its watchers). */
public interface DeadLetters {
    Mono<Void> onDead(Task task, String lastError);
}
