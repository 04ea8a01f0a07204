package ma.rokhsa.api.pipeline;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A held stage claims nothing until its last hold is released, which wakes its worker once. */
class StageHoldsTest {

    @Test
    void holdsNestAndTheLastReleaseWakesTheWorker() throws Exception {
        StageHolds holds = new StageHolds();
        AtomicInteger woken = new AtomicInteger();
        holds.onRelease("index", woken::incrementAndGet);
        assertThat(holds.held("index")).isFalse();
        AutoCloseable first = holds.hold("index");
        AutoCloseable second = holds.hold("index");
        assertThat(holds.held("index")).isTrue();
        assertThat(holds.held("extract")).isFalse();
        first.close();
        first.close();
        assertThat(holds.held("index")).isTrue();
        assertThat(woken).hasValue(0);
        second.close();
        assertThat(holds.held("index")).isFalse();
        assertThat(woken).hasValue(1);
    }
}
