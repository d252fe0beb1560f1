package pmgr.sandbox.discord;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-route rate limits every answer advertises. The fake uses one generous limit for all routes
 * rather than Discord's per-route numbers, so only the limits a bot must design for (see
 * {@link EditLimiter}) ever bite a client that follows the headers.
 */
final class RouteBuckets {
    static final int LIMIT = 50;
    static final Duration WINDOW = Duration.ofSeconds(1);

    private record Window(Instant resetAt, int used) {
    }

    private final Map<String, Window> windows = new HashMap<>();

    /** Counts one request; returns the headers to send, or throws 429 when the bucket is empty. */
    Map<String, String> take(Router.Match match, Instant now) {
        String key = match.bucketKey();
        String hash = match.route().bucketHash();
        Window window = windows.get(key);
        if (window == null || !now.isBefore(window.resetAt())) {
            window = new Window(now.plus(WINDOW), 0);
        }
        Duration resetAfter = Duration.between(now, window.resetAt());
        if (window.used() >= LIMIT) {
            throw RestError.rateLimited(resetAfter.toMillis() / 1000.0,
                    RateLimitHeaders.exhausted(LIMIT, resetAfter, hash, "user"));
        }
        window = new Window(window.resetAt(), window.used() + 1);
        windows.put(key, window);
        return RateLimitHeaders.of(LIMIT, LIMIT - window.used(), resetAfter, hash);
    }
}
