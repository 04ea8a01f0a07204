package ma.rokhsa.api.support;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Prints every thread's stack and the database's busy sessions when an integration test fails: a request
 * that hangs until its timeout (seen a few times under load, not reproduced at will) then shows where the
 * server was stuck, and which session held the lock it waited for, if that is what it waited for.
 */
public final class ThreadDumpOnFailure implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        StringBuilder dump = new StringBuilder("=== Threads when " + context.getDisplayName() + " failed ===\n");
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
            if (t.getLockName() != null) {
                dump.append(" on ").append(t.getLockName());
            }
            dump.append('\n');
            for (StackTraceElement e : t.getStackTrace()) {
                dump.append("    at ").append(e).append('\n');
            }
        }
        dump.append("=== Database sessions not idle ===\n");
        try {
            DatabaseClient db = SpringExtension.getApplicationContext(context).getBean(DatabaseClient.class);
            db.sql("""
                    SELECT pid, state, wait_event_type, wait_event, pg_blocking_pids(pid) AS blocked_by,
                           now() - xact_start AS in_transaction, left(query, 300) AS query
                    FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()""")
                    .fetch().all()
                    .doOnNext(row -> dump.append(row).append('\n'))
                    .then().block(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            dump.append("(could not read them: ").append(e).append(")\n");
        }
        System.err.println(dump);
    }
}
