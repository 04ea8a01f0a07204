package ma.rokhsa.indexer;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Group commit for visibility ({@link IndexerSettings.RefreshMode#IMMEDIATE}): a caller that has
 * just written documents asks {@link #after} for a refresh that <em>starts after</em> its call; all
 * callers waiting at the same time share one refresh, and refreshes start at most once per
 * {@code minInterval}. Unlike {@code refresh=wait_for}, the bulk request does not hold its
 * connection and its concurrency slot while it waits. A failed refresh is logged and treated as
 * done: the index's periodic refresh makes the documents visible about a second later anyway.
 * Thread-safe; never blocks (timers on Reactor's parallel scheduler).
 */
final class CoalescedRefresh {

    private static final Logger log = LoggerFactory.getLogger(CoalescedRefresh.class);

    private final Function<List<String>, Mono<?>> refresh;
    private final long minIntervalNanos;
    private final Object lock = new Object();
    private Pending pending;
    private long lastStart = System.nanoTime() - Long.MAX_VALUE / 4;

    private static final class Pending {
        final Set<String> indices = new LinkedHashSet<>();
        final Sinks.Empty<Void> done = Sinks.empty();
        boolean started;
    }

    CoalescedRefresh(Function<List<String>, Mono<?>> refresh, Duration minInterval) {
        this.refresh = refresh;
        this.minIntervalNanos = minInterval.toNanos();
    }

    /** Completes once a refresh of {@code indices} that started after this call has finished. */
    Mono<Void> after(Collection<String> indices) {
        return Mono.defer(() -> {
            synchronized (lock) {
                if (pending == null || pending.started) {
                    pending = schedule();
                }
                pending.indices.addAll(indices);
                return pending.done.asMono();
            }
        });
    }

    /** Called with the lock held. */
    private Pending schedule() {
        Pending next = new Pending();
        long wait = Math.max(0, lastStart + minIntervalNanos - System.nanoTime());
        Mono.delay(Duration.ofNanos(wait))
                .then(Mono.defer(() -> {
                    List<String> indices;
                    synchronized (lock) {
                        next.started = true;
                        lastStart = System.nanoTime();
                        indices = List.copyOf(next.indices);
                    }
                    return refresh.apply(indices);
                }))
                .subscribe(ignored -> { }, e -> {
                    log.warn("Refresh after a bulk failed ({}); documents become visible at the next periodic refresh", e.toString());
                    next.done.tryEmitEmpty();
                }, next.done::tryEmitEmpty);
        return next;
    }
}
