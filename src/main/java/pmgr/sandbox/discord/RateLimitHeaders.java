package pmgr.sandbox.discord;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Discord's X-RateLimit-* headers. The reset instant is real epoch time, not the fake's clock, because
 * clients compare it with their own clocks.
 */
final class RateLimitHeaders {
    private RateLimitHeaders() {
    }

    static Map<String, String> of(int limit, int remaining, Duration resetAfter, String bucket) {
        double after = resetAfter.toMillis() / 1000.0;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Limit", Integer.toString(limit));
        headers.put("X-RateLimit-Remaining", Integer.toString(Math.max(0, remaining)));
        headers.put("X-RateLimit-Reset", seconds(System.currentTimeMillis() / 1000.0 + after));
        headers.put("X-RateLimit-Reset-After", seconds(after));
        headers.put("X-RateLimit-Bucket", bucket);
        return headers;
    }

    /** A 429's headers: Retry-After in whole seconds (rounded up, as Discord sends it) and the scope. */
    static Map<String, String> exhausted(int limit, Duration retryAfter, String bucket, String scope) {
        Map<String, String> headers = of(limit, 0, retryAfter, bucket);
        headers.put("Retry-After", Long.toString((long) Math.ceil(retryAfter.toMillis() / 1000.0)));
        headers.put("X-RateLimit-Scope", scope);
        return headers;
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
