package pmgr.sandbox.discord;

import java.time.Instant;

/** A message a user posted, dispatched to the bot as MESSAGE_CREATE. */
public record InboundMessage(String id, String channelId, String userId, String content, Instant dispatchedAt,
        long dispatchedNanos) {
}
