package ma.rokhsa.signer;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The bounded scheduler on which the module's blocking work (PDFBox, BouncyCastle, Argon2, file
 * and HTTP I/O) runs when the caller does not pass its own. Threads are named {@code rokhsa-signer-*}.
 * The caller owns the returned scheduler and disposes it at shutdown.
 */
public final class SignerSchedulers {

    private SignerSchedulers() {
    }

    /**
     * A new bounded elastic scheduler: {@code threads} workers at most (each Argon2 unlock holds
     * its memory cost while it runs, so this also bounds memory) and {@code queued} waiting tasks
     * before callers get a rejection instead of unbounded queuing.
     */
    public static Scheduler newSignerScheduler(int threads, int queued) {
        return Schedulers.newBoundedElastic(threads, queued, "rokhsa-signer", 60, true);
    }

    /** {@link #newSignerScheduler(int, int)} with 2 x cores threads and 1,000 queued tasks. */
    public static Scheduler newSignerScheduler() {
        return newSignerScheduler(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()), 1_000);
    }
}
