package ma.rokhsa.api.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent, split where a benchmark on one machine needs it split: this JVM as a whole, its threads
 * whose name starts with a prefix (the extractor's), the PostgreSQL server processes (read from
 * {@code /proc}, so Linux only; -1 elsewhere) and the embedded search node (the Java process this JVM
 * started). Threads that end between two readings are missed, so a
 * prefix must name long-lived pool threads.
 */
final class CpuMeter {

    /** One reading, in nanoseconds of CPU. */
    record Reading(long process, long threads, long postgres, long searchNode) {

        Reading minus(Reading before) {
            return new Reading(process - before.process, threads - before.threads,
                    postgres < 0 || before.postgres < 0 ? -1 : postgres - before.postgres, searchNode - before.searchNode);
        }
    }

    /** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every common architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final String threadPrefix;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    CpuMeter(String threadPrefix) {
        this.threadPrefix = threadPrefix;
    }

    Reading read() {
        long named = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(threadPrefix)) {
                named += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return new Reading(os.getProcessCpuTime(), named, postgres(), searchNode());
    }

    private static long searchNode() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L)).sum();
    }

    private static long postgres() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return -1;
        }
        try (Stream<Path> pids = Files.list(proc)) {
            return pids.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(CpuMeter::postgresTicks).sum() * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of one process if it is a PostgreSQL server process, else 0. */
    private static long postgresTicks(Path pid) {
        try {
            String stat = Files.readString(pid.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (!stat.substring(open + 1, close).startsWith("postgres")) {
                return 0;
            }
            String[] f = stat.substring(close + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile
        }
    }
}
