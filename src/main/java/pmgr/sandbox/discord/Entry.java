package pmgr.sandbox.discord;

import java.time.Instant;
import java.util.Map;

/**
 * One thing the bot did: a REST call (recorded once answered) or a gateway op it sent.
 *
 * <p>For REST calls {@code path} is the route below {@code /api/v10/} without the query string, e.g.
 * {@code channels/123/messages}, and {@code status} the HTTP status answered. For gateway entries
 * {@code method} is {@code GATEWAY}, {@code path} names the op (e.g. {@code IDENTIFY}) and {@code status}
 * is 0, or the close code for {@link Kind#GATEWAY_CLOSED}. A JSON array body shows as {@code {"items": [...]}};
 * tokens in gateway payloads are masked.
 *
 * @param seq   position in the journal, from 1
 * @param nanos {@link System#nanoTime()} when recorded
 */
public record Entry(long seq, Instant at, long nanos, Kind kind, String method, String path, int status,
        Map<String, Object> request, Map<String, Object> response, String interactionId, String messageId,
        String channelId) {

    public enum Kind {
        REST_USERS_ME, COMMANDS_REGISTERED, INTERACTION_CALLBACK, ORIGINAL_EDITED, FOLLOWUP_SENT, FOLLOWUP_EDITED,
        CHANNEL_MESSAGE_SENT, CHANNEL_MESSAGE_EDITED, MESSAGE_DELETED, DM_CHANNEL_OPENED, OTHER_REST,
        GATEWAY_IDENTIFY, GATEWAY_RESUME, GATEWAY_CONNECTED, GATEWAY_CLOSED,
        /** any other op the bot sent: heartbeats, presence updates, member requests */
        GATEWAY_OTHER
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append('#').append(seq).append(' ').append(kind).append(' ')
                .append(method).append(' ').append(path).append(" -> ").append(status);
        if (interactionId != null) {
            s.append(" interaction=").append(interactionId);
        }
        if (messageId != null) {
            s.append(" message=").append(messageId);
        }
        if (channelId != null) {
            s.append(" channel=").append(channelId);
        }
        return s.toString();
    }
}
