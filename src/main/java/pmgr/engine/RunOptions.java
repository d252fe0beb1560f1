package pmgr.engine;

import java.time.Duration;

/**
 * How a caller wants a run started: who asked (the run's origin), whether a held lock should be
 * answered at once instead of waited for, and a bound on the whole run.
 *
 * @param failIfBusy a workflow whose lock another run holds is refused with {@link BusyException}
 *                   before anything is recorded, instead of waiting for the lock
 * @param timeout    the run is stopped (its thread interrupted) and failed after this long; null = no bound
 */
public record RunOptions(String origin, boolean failIfBusy, Duration timeout) {
    /** Exchange property with the options for the {@code workflow:} and {@code method:} endpoints. */
    public static final String PROPERTY = "pmgr.runOptions";

    public static RunOptions of(String origin) {
        return new RunOptions(origin, false, null);
    }

    public RunOptions failingIfBusy() {
        return new RunOptions(origin, true, timeout);
    }

    public RunOptions boundedBy(Duration limit) {
        return new RunOptions(origin, failIfBusy, limit);
    }
}
