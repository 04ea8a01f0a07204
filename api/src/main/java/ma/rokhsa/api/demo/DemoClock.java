package ma.rokhsa.api.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The application's clock on a demo run: the system clock, which the demo seed sets back to the moments
 * of its story, one after the other, and returns to the present when it is done. It only ever moves
 * forward, and never past the present; between two moves it runs at the system clock's pace. Thread-safe.
 */
public final class DemoClock extends Clock {

    private final Clock system;
    private volatile Duration offset = Duration.ZERO;
    private boolean moved;

    DemoClock(Clock system) {
        this.system = system;
    }

    /**
     * Sets the clock to {@code moment} (the present at the latest): the first move goes back to the story's
     * start; after it the clock only goes forward, so a moment it has already passed leaves it as it is.
     */
    synchronized void moveTo(Instant moment) {
        Instant real = system.instant();
        Instant target = moment.isAfter(real) ? real : moment;
        if (!moved || target.isAfter(real.plus(offset))) {
            offset = Duration.between(real, target);
            moved = true;
        }
    }

    /** Back to the system's time, for good. */
    synchronized void present() {
        offset = Duration.ZERO;
        moved = true;
    }

    /** How far back the clock is set (zero in the present). */
    Duration behind() {
        return offset.negated();
    }

    @Override
    public Instant instant() {
        return system.instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return system.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        DemoClock parent = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return parent.withZone(other);
            }

            @Override
            public Instant instant() {
                return parent.instant();
            }
        };
    }
}
