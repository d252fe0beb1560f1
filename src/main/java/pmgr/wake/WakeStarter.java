package pmgr.wake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import pmgr.engine.BusyException;
import pmgr.engine.RunOptions;
import pmgr.engine.WorkflowRunner;
import pmgr.power.WakeableServer;

/**
 * Starts a server's wake workflow for a player: origin {@code wake:<player>}, refused at once (not
 * waited for) while another run holds the server's lock, bounded in time, and at most so many per
 * server and minute.
 */
final class WakeStarter {
    static final String ORIGIN_PREFIX = "wake:";
    private static final Duration WINDOW = Duration.ofMinutes(1);

    sealed interface Outcome {
    }

    record Started(String runId) implements Outcome {
    }

    /** Another run holds the lock (the wake workflow itself: the server is starting). */
    record Held(BusyException holder) implements Outcome {
    }

    record Limited(Duration retryIn) implements Outcome {
    }

    private final WorkflowRunner runner;
    private final Duration runTimeout;
    private final int perMinute;
    private final Announcer announcer;
    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();

    WakeStarter(WorkflowRunner runner, Duration runTimeout, int perMinute, Announcer announcer) {
        this.runner = runner;
        this.runTimeout = runTimeout;
        this.perMinute = perMinute;
        this.announcer = announcer;
    }

    Outcome wake(WakeableServer server, String player) {
        Deque<Instant> starts = recent.computeIfAbsent(server.name(), k -> new ArrayDeque<>());
        String runId;
        synchronized (starts) {
            Instant now = Instant.now();
            while (!starts.isEmpty() && starts.peekFirst().isBefore(now.minus(WINDOW))) {
                starts.removeFirst();
            }
            if (starts.size() >= perMinute) {
                return new Limited(Duration.between(now, starts.peekFirst().plus(WINDOW)));
            }
            try {
                runId = runner.start(server.wake().workflow(), Map.of("vmName", server.name()),
                        RunOptions.of(ORIGIN_PREFIX + player).failingIfBusy().boundedBy(runTimeout));
            } catch (BusyException held) {
                return new Held(held);
            }
            starts.addLast(now);
        }
        announcer.woke(player, server.name(), server.wake().workflow(), runId);
        return new Started(runId);
    }
}
