package pmgr.sandbox.discord;

import java.time.Clock;

/** Discord ids: milliseconds since 2015 on the fake's clock, shifted left 22 bits, plus a counter; never repeating. */
final class Snowflakes {
    static final long DISCORD_EPOCH_MILLIS = 1420070400000L;
    private final Clock clock;
    private long counter;
    private long last;

    Snowflakes(Clock clock) {
        this.clock = clock;
    }

    synchronized String next() {
        long candidate = ((clock.millis() - DISCORD_EPOCH_MILLIS) << 22) | (counter++ & 0x3FFFFF);
        last = Math.max(candidate, last + 1);
        return Long.toString(last);
    }
}
