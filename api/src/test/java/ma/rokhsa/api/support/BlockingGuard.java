package ma.rokhsa.api.support;

import reactor.blockhound.BlockHound;

/**
 * Installs BlockHound for the integration tests: any blocking call on a non-blocking thread (Netty
 * event loops, Reactor's parallel scheduler) fails the request that made it, and the test with it.
 */
public final class BlockingGuard {

    private static volatile boolean installed;

    private BlockingGuard() {
    }

    public static synchronized void install() {
        // Benchmarks measure the product as it runs in production, without BlockHound's instrumentation.
        if (installed || "false".equals(System.getProperty("blockhound"))) {
            return;
        }
        BlockHound.builder()
                // Class loading and logging to the console are not our code's blocking.
                .allowBlockingCallsInside("java.lang.ClassLoader", "loadClass")
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                .allowBlockingCallsInside("java.util.UUID", "randomUUID")
                .allowBlockingCallsInside("java.security.SecureRandom", "nextBytes")
                .install();
        installed = true;
    }
}
