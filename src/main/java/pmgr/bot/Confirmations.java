package pmgr.bot;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Open questions "stop allthemons? 2 players are online" with their Confirm / Cancel buttons. Only
 * the person who asked may answer; an unanswered question closes itself after the timeout.
 */
final class Confirmations {
    static final String CONFIRM = "pmgr:confirm:";
    static final String CANCEL = "pmgr:cancel:";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One open question, and where it is shown once it is. */
    record Pending(String token, BotRequest request, BotCommand command, GameServer server, int online,
                   List<String> players, Conversation conversation, Instant expiresAt,
                   AtomicReference<MessageHandle> shownIn) {
    }

    private final Duration timeout;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Pending> open = new ConcurrentHashMap<>();

    Confirmations(Duration timeout, ScheduledExecutorService scheduler) {
        this.timeout = timeout;
        this.scheduler = scheduler;
    }

    Duration timeout() {
        return timeout;
    }

    Pending open(BotRequest r, BotCommand c, GameServer s, int online, List<String> players, Conversation conversation) {
        byte[] random = new byte[9];
        RANDOM.nextBytes(random);
        Pending p = new Pending(HexFormat.of().formatHex(random), r, c, s, online, players, conversation,
                Instant.now().plus(timeout), new AtomicReference<>());
        open.put(p.token(), p);
        scheduler.schedule(() -> take(p.token()).ifPresent(this::expire), timeout.toMillis(), TimeUnit.MILLISECONDS);
        return p;
    }

    private void expire(Pending p) {
        MessageHandle h = p.shownIn().get();
        if (h != null) {
            h.edit(Views.answered(p.command(), p.server().name(), "expired"));
        }
    }

    Optional<Pending> peek(String token) {
        return Optional.ofNullable(open.get(token));
    }

    /** Closes the question (answered or expired); empty when it was closed already. */
    Optional<Pending> take(String token) {
        return Optional.ofNullable(open.remove(token));
    }

    /** The token and whether the button confirms, from a button id; empty for buttons that are not ours. */
    static Optional<Map.Entry<String, Boolean>> parse(String buttonId) {
        if (buttonId == null) {
            return Optional.empty();
        }
        if (buttonId.startsWith(CONFIRM)) {
            return Optional.of(Map.entry(buttonId.substring(CONFIRM.length()), true));
        }
        if (buttonId.startsWith(CANCEL)) {
            return Optional.of(Map.entry(buttonId.substring(CANCEL.length()), false));
        }
        return Optional.empty();
    }
}
