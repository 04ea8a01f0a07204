package ma.rokhsa.api.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * Holds a stage on this instance for a while: its workers claim nothing, its tasks wait (durably, nothing
 * is lost) and coalesce, since scheduling a task that is already pending adds no work. The demo seed holds
 * indexing while its story runs: every status change of a dossier schedules its documents for indexing
 * again, and held they are indexed once, with their final status. Holds nest; thread-safe.
 */
@Component
public class StageHolds {

    private final Map<String, AtomicInteger> holds = new ConcurrentHashMap<>();
    private final Map<String, Runnable> onRelease = new ConcurrentHashMap<>();

    /** Holds {@code stage} until the returned handle is closed. */
    public AutoCloseable hold(String stage) {
        holds.computeIfAbsent(stage, s -> new AtomicInteger()).incrementAndGet();
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true) && holds.get(stage).decrementAndGet() == 0) {
                onRelease.getOrDefault(stage, () -> { }).run();
            }
        };
    }

    boolean held(String stage) {
        AtomicInteger n = holds.get(stage);
        return n != null && n.get() > 0;
    }

    /** What a worker does when its stage is released (claims at once instead of at the next poll). */
    void onRelease(String stage, Runnable wake) {
        onRelease.put(stage, wake);
    }
}
