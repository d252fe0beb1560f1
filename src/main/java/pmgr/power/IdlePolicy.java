package pmgr.power;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import pmgr.model.Arg;

/**
 * When a game server counts as idle and what happens then: the {@code idle} block of its definition
 * (off when absent). After {@code stopMinutes} with nobody online in every collection, the bot warns
 * in its channel, and {@code warnMinutes} later the server's stop workflow runs unless someone joined
 * or pressed Keep it up (which holds it up for {@code keepUpHours}). The first {@code graceMinutes}
 * after a start never count.
 */
public record IdlePolicy(
        @Arg(description = "Minutes with nobody online (in every collection) before the server is stopped") double stopMinutes,
        @Arg(description = "Minutes between the warning in Discord and the stop", defaultValue = WARN) double warnMinutes,
        @Arg(description = "Minutes after a start that never count as idle", defaultValue = GRACE) double graceMinutes,
        @Arg(description = "Hours a Keep it up press keeps the server up", defaultValue = KEEP_UP) double keepUpHours) {

    static final String WARN = "5";
    static final String GRACE = "15";
    static final String KEEP_UP = "2";
    /** The longest keep-up a press or /keepup may ask for. */
    public static final double MAX_KEEP_UP_HOURS = 48;

    public IdlePolicy {
        if (!(stopMinutes > 0)) {
            throw new IllegalArgumentException("idle.stopMinutes must be more than 0, got " + stopMinutes);
        }
        if (!(warnMinutes >= 0) || !(graceMinutes >= 0)) {
            throw new IllegalArgumentException("idle.warnMinutes and idle.graceMinutes must be 0 or more");
        }
        if (!(keepUpHours > 0) || keepUpHours > MAX_KEEP_UP_HOURS) {
            throw new IllegalArgumentException("idle.keepUpHours must be more than 0 and at most " + (int) MAX_KEEP_UP_HOURS);
        }
    }

    /** The policy of a definition's {@code idle} block as written (defaults filled in); empty when it has none. */
    public static Optional<IdlePolicy> of(Object idleBlock) {
        if (!(idleBlock instanceof Map<?, ?> m) || m.get("stopMinutes") == null) {
            return Optional.empty();
        }
        return Optional.of(new IdlePolicy(number(m, "stopMinutes", null), number(m, "warnMinutes", WARN),
                number(m, "graceMinutes", GRACE), number(m, "keepUpHours", KEEP_UP)));
    }

    private static double number(Map<?, ?> m, String key, String fallback) {
        Object v = m.get(key);
        if (v == null) {
            return Double.parseDouble(fallback);
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("idle." + key + " must be a number, got '" + v + "'");
        }
    }

    public Duration stopAfter() {
        return minutes(stopMinutes);
    }

    public Duration warnBefore() {
        return minutes(warnMinutes);
    }

    public Duration grace() {
        return minutes(graceMinutes);
    }

    public Duration keepUp() {
        return minutes(keepUpHours * 60);
    }

    static Duration minutes(double m) {
        return Duration.ofMillis(Math.round(m * 60_000));
    }
}
