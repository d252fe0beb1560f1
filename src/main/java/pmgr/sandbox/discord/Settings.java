package pmgr.sandbox.discord;

import java.time.Duration;

/** The limits Discord enforces, as configured for this fake. */
record Settings(Duration interactionTokenLifetime, Duration ackDeadline, Duration oldMessageAge,
        int oldMessageEditLimit, int editLimit, Duration editWindow) {
}
