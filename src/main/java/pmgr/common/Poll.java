package pmgr.common;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A bounded wait that looks again and again: the first look comes at once, then each gap is a
 * quarter of the time waited so far (at least 50 ms, at most a ceiling), timed from the look's
 * start. So a wait ends within about a quarter of the work's own time after the work (doubling gaps
 * could overshoot by all of it: a guest agent ready at 0.8 s was seen at 1.5 s), and a long wait
 * does not hammer what it asks. It never runs past its bound, and an interrupt (a cancelled run)
 * ends it at once. What the caller says when the bound passes names what it waited for.
 */
public final class Poll {
    private static final Duration FIRST_GAP = Duration.ofMillis(50);

    private final Duration bound;
    private final Duration ceiling;

    private Poll(Duration bound, Duration ceiling) {
        this.bound = bound;
        this.ceiling = ceiling;
    }

    /** Looks for at most {@code bound}, with gaps from 50 ms growing with the time waited up to {@code ceiling}. */
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
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        long most = Math.max(1, ceiling.toMillis());
        while (true) {
            long lookedAt = System.nanoTime();
            Optional<T> value = look.look();
            if (value.isPresent()) {
                return value;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return Optional.empty();
            }
            // the gap runs from the look's start, so slow looks do not push the next ones later
            long waited = TimeUnit.NANOSECONDS.toMillis(lookedAt - start);
            long gap = Math.min(most, Math.max(FIRST_GAP.toMillis(), waited / 4));
            long untilNext = gap - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lookedAt);
            Thread.sleep(Math.max(1, Math.min(untilNext, left)));
        }
    }
}
