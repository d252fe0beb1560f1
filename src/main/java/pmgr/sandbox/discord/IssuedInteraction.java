package pmgr.sandbox.discord;

import java.time.Instant;

/** An interaction the fake dispatched and what the bot has done with it so far; guarded by the state lock. */
final class IssuedInteraction {
    static final int APPLICATION_COMMAND = 2;
    static final int MESSAGE_COMPONENT = 3;
    static final int AUTOCOMPLETE = 4;

    final String id;
    final String token;
    final int type;
    final String name;
    final String channelId;
    final String userId;
    final String componentMessageId;
    final Instant dispatchedAt;
    final long dispatchedNanos;
    /** 0 until the bot answered the callback. */
    int callbackType;
    /** The message {@code @original} points at once there is one. */
    String originalMessageId;

    /**
     * @param name               the command name, or the custom id of the clicked button
     * @param componentMessageId for a click, the message the button is on
     */
    IssuedInteraction(String id, String token, int type, String name, String channelId, String userId,
            String componentMessageId, Instant dispatchedAt, long dispatchedNanos) {
        this.id = id;
        this.token = token;
        this.type = type;
        this.name = name;
        this.channelId = channelId;
        this.userId = userId;
        this.componentMessageId = componentMessageId;
        this.dispatchedAt = dispatchedAt;
        this.dispatchedNanos = dispatchedNanos;
    }

    /** What messages answering it look like: slash command responses have their own message type. */
    int responseMessageType() {
        return type == APPLICATION_COMMAND ? StoredMessage.CHAT_INPUT_COMMAND : StoredMessage.DEFAULT;
    }

    StoredMessage.Origin origin(String originalResponseId) {
        return new StoredMessage.Origin(id, type, type == APPLICATION_COMMAND ? name : null, userId,
                originalResponseId, componentMessageId);
    }

    boolean acknowledged() {
        return callbackType != 0;
    }

    Interaction snapshot() {
        return new Interaction(id, token, channelId, userId, name, dispatchedAt, dispatchedNanos);
    }
}
