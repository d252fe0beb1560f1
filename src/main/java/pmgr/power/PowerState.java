package pmgr.power;

import java.time.Instant;

/**
 * Where a game server is in its sleep: asleep (its server is not running), starting (its wake
 * workflow holds the server's lock), online, or busy with another run (a stop, say). Worked out
 * each time from the run locks and the latest data, never kept as a flag that can go stale.
 *
 * @param run    the run holding the server's lock (starting, busy), else null
 * @param target that run's workflow
 * @param origin who started that run ({@code wake:<player>}, {@code discord:<id>:<name>}, ...)
 * @param since  when that run started
 */
public record PowerState(State state, String run, String target, String origin, Instant since) {
    public enum State {
        ASLEEP, STARTING, ONLINE, BUSY
    }

    static PowerState of(State state) {
        return new PowerState(state, null, null, null, null);
    }

    public boolean is(State s) {
        return state == s;
    }
}
