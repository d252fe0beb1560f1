package pmgr.sandbox.discord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The message edit limits Discord enforces beyond the advertised buckets: a few edits per message per
 * window (429), and for messages past {@code oldMessageAge} only a few edits per hour (400 code 30046).
 */
final class EditLimiter {
    private static final Duration OLD_EDIT_WINDOW = Duration.ofHours(1);
    private final Settings settings;
    private final Map<String, Deque<Instant>> recentEdits = new HashMap<>();
    private final Map<String, Deque<Instant>> editsWhileOld = new HashMap<>();

    EditLimiter(Settings settings) {
        this.settings = settings;
    }

    /** Lets the edit through and counts it, or throws the error Discord would answer. */
    void admit(StoredMessage message, Instant now, String bucketHash) {
        boolean old = !now.isBefore(message.createdAt.plus(settings.oldMessageAge()));
        Deque<Instant> oldEdits = editsWhileOld.computeIfAbsent(message.id, id -> new ArrayDeque<>());
        if (old) {
            forgetBefore(oldEdits, now.minus(OLD_EDIT_WINDOW));
            if (oldEdits.size() >= settings.oldMessageEditLimit()) {
                throw RestError.oldMessageEditCap();
            }
        }
        Deque<Instant> recent = recentEdits.computeIfAbsent(message.id, id -> new ArrayDeque<>());
        forgetBefore(recent, now.minus(settings.editWindow()));
        if (recent.size() >= settings.editLimit()) {
            Duration retryAfter = Duration.between(now, recent.peekFirst().plus(settings.editWindow()));
            throw RestError.rateLimited(retryAfter.toMillis() / 1000.0,
                    RateLimitHeaders.exhausted(settings.editLimit(), retryAfter, bucketHash, "user"));
        }
        recent.addLast(now);
        if (old) {
            oldEdits.addLast(now);
        }
    }

    private static void forgetBefore(Deque<Instant> edits, Instant cutoff) {
        while (!edits.isEmpty() && !edits.peekFirst().isAfter(cutoff)) {
            edits.removeFirst();
        }
    }
}
