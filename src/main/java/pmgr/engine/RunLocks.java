package pmgr.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import pmgr.config.Durations;

/**
 * Workflow locks: a run that declares a lock key (e.g. the VM it acts on) holds it for its whole
 * duration. Another run with the same key waits a bounded time, then fails naming the holder.
 */
public final class RunLocks {
    private final Map<String, RunContext> held = new HashMap<>();

    public synchronized void acquire(String key, RunContext run, Duration wait) throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(wait);
        while (held.containsKey(key)) {
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) {
                waited(key, start, "gave up");
                RunContext holder = held.get(key);
                throw new LockTimeoutException("lock '" + key + "' is held by run " + holder.id() + " ("
                        + holder.target() + ", started " + holder.startedAt() + " by " + holder.origin()
                        + "); gave up after waiting " + Durations.format(wait));
            }
            wait(left);
        }
        waited(key, start, "took");
        held.put(key, run);
    }

    private static void waited(String key, Instant since, String outcome) {
        io.micrometer.core.instrument.Metrics.timer("pmgr.lock.wait", "lock", key, "outcome", outcome)
                .record(Duration.between(since, Instant.now()));
    }

    /** Fails naming the holder when another run holds the lock (a look, nothing is taken). */
    public synchronized void checkFree(String key) {
        RunContext holder = held.get(key);
        if (holder != null) {
            throw new BusyException(key, holder);
        }
    }

    /** Takes the lock if it is free; otherwise fails at once naming the run that holds it. */
    public synchronized void acquireNow(String key, RunContext run) {
        RunContext holder = held.get(key);
        if (holder != null && holder != run) {
            throw new BusyException(key, holder);
        }
        held.put(key, run);
    }

    public synchronized void release(String key, RunContext run) {
        if (held.get(key) == run) {
            held.remove(key);
            notifyAll();
        }
    }

    /** A lock was not free within the wait. */
    public static final class LockTimeoutException extends RuntimeException {
        LockTimeoutException(String message) {
            super(message);
        }
    }
}
