package pmgr.sandbox.discord;

import java.time.Instant;

/**
 * An interaction the fake dispatched on the gateway (slash command, autocomplete or button click).
 *
 * @param command         the command name, or the button's custom id for a click
 * @param dispatchedAt    when it was dispatched, on the fake's clock (the ack deadline counts from here)
 * @param dispatchedNanos {@link System#nanoTime()} at dispatch, for measuring how fast the bot answered
 */
public record Interaction(String id, String token, String channelId, String userId, String command,
        Instant dispatchedAt, long dispatchedNanos) {
}
