package pmgr.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move forward by hand: frozen at an instant (ticket expiry), or the system clock
 * plus the time moved (so time passes for a fake but not for the client talking to it).
 */
public final class TestClock extends Clock {
    private final Instant frozenAt;
    private volatile Duration moved = Duration.ZERO;

    private TestClock(Instant frozenAt) {
        this.frozenAt = frozenAt;
    }

    public static TestClock frozenAt(Instant start) {
        return new TestClock(start);
    }

    public static TestClock system() {
        return new TestClock(null);
    }

    public void advance(Duration by) {
        moved = moved.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return (frozenAt == null ? Instant.now() : frozenAt).plus(moved);
    }
}
