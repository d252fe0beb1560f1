package pmgr.sandbox.discord;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A message's live state inside the fake; guarded by the state lock. */
final class StoredMessage {
    /** Discord's message types the fake produces. */
    static final int DEFAULT = 0;
    static final int REPLY = 19;
    static final int CHAT_INPUT_COMMAND = 20;

    /** How the message came to be, for interaction_metadata; null for plain messages. */
    record Origin(String interactionId, int interactionType, String commandName, String userId,
            String originalResponseId, String interactedMessageId) {
    }

    final String id;
    final String channelId;
    final String guildId;
    final String authorId;
    final int type;
    final Instant createdAt;
    final Origin origin;
    final String referencedMessageId;
    final boolean tts;
    String content;
    List<Map<String, Object>> embeds;
    List<Map<String, Object>> components;
    List<Map<String, Object>> attachments;
    int flags;
    Instant editedAt;
    int editCount;

    StoredMessage(String id, String channelId, String guildId, String authorId, int type, Instant createdAt,
            Origin origin, String referencedMessageId, MessageContent content) {
        this.id = id;
        this.channelId = channelId;
        this.guildId = guildId;
        this.authorId = authorId;
        this.type = type;
        this.createdAt = createdAt;
        this.origin = origin;
        this.referencedMessageId = referencedMessageId;
        this.tts = content.tts();
        this.content = content.text();
        this.embeds = content.embeds();
        this.components = content.components();
        this.attachments = content.attachments();
        this.flags = content.flags();
    }

    boolean ephemeral() {
        return (flags & Message.EPHEMERAL) != 0;
    }

    String interactionId() {
        return origin == null ? null : origin.interactionId();
    }

    /** A copy callers may keep: later edits do not show through it, nor can it change the fake. */
    Message snapshot() {
        return new Message(id, channelId, authorId, content, Json.copyOfObjects(embeds),
                Json.copyOfObjects(components), flags, interactionId(), referencedMessageId, createdAt, editCount,
                Json.copyOfObjects(attachments));
    }
}
