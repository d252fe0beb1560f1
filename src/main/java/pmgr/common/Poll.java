package pmgr.common;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A bounded wait that looks again and again: the first look comes at once, the gaps start short
 * and double up to a ceiling, so a wait ends about when the work does and a long one does not
 * hammer what it asks. It never runs past its bound, and an interrupt (a cancelled run) ends it at
 * once. What the caller says when the bound passes names what it waited for.
 */
public final class Poll {
    private static final Duration FIRST_GAP = Duration.ofMillis(100);

    private final Duration bound;
    private final Duration ceiling;

    private Poll(Duration bound, Duration ceiling) {
        this.bound = bound;
        this.ceiling = ceiling;
    }

    /** Looks for at most {@code bound}, with gaps from 100 ms doubling up to {@code ceiling}. */
    public static Poll within(Duration bound, Duration ceiling) {
        return new Poll(bound, ceiling);
    }

    /** One look: a value when the wait is over, empty to look again; it may throw to end the wait. */
    @FunctionalInterface
    public interface Look<T> {
        Optional<T> look() throws InterruptedException;
    }

    /** Looks until there is a value; empty when the bound passed first. */
    public <T> Optional<T> until(Look<T> look) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        long gap = Math.min(FIRST_GAP.toMillis(), ceiling.toMillis());
        while (true) {
            Optional<T> value = look.look();
            if (value.isPresent()) {
                return value;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return Optional.empty();
            }
            Thread.sleep(Math.max(1, Math.min(gap, left)));
            gap = Math.min(gap * 2, Math.max(1, ceiling.toMillis()));
        }
    }
}
