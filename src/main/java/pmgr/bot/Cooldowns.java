package pmgr.bot;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A person's commands are at least the cooldown apart. */
final class Cooldowns {
    private final Duration cooldown;
    private final Map<String, Instant> last = new ConcurrentHashMap<>();

    Cooldowns(Duration cooldown) {
        this.cooldown = cooldown;
    }

    /** Takes this command's turn; empty when allowed, else how long the person has to wait. */
    Optional<Duration> take(String userId) {
        Instant now = Instant.now();
        Instant[] waitUntil = new Instant[1];
        last.compute(userId, (k, before) -> {
            if (before != null && before.plus(cooldown).isAfter(now)) {
                waitUntil[0] = before.plus(cooldown);
                return before;
            }
            return now;
        });
        return waitUntil[0] == null ? Optional.empty() : Optional.of(Duration.between(now, waitUntil[0]));
    }
}
