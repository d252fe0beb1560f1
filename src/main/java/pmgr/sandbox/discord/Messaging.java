package pmgr.sandbox.discord;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Creates, edits and deletes messages and tells the gateway, as Discord does for every change. */
final class Messaging {
    static final int SUPPRESS_EMBEDS = 1 << 2;
    static final int SUPPRESS_NOTIFICATIONS = 1 << 12;
    static final int IS_COMPONENTS_V2 = 1 << 15;
    private static final int MAX_CONTENT = 2000;
    private static final int MAX_EMBEDS = 10;
    private static final int MAX_EMBED_TEXT = 6000;

    private final DiscordState state;
    private final Gateway gateway;

    Messaging(DiscordState state, Gateway gateway) {
        this.state = state;
        this.gateway = gateway;
    }

    StoredMessage create(Directory.Channel channel, String authorId, int type, StoredMessage.Origin origin,
            String referencedMessageId, MessageContent content) {
        MessageContent shown = content.orEmpty();
        // a new message has only the files uploaded with it
        shown = shown.withAttachments(keptOrUploaded(shown.attachments(), List.of()));
        StoredMessage message = new StoredMessage(state.ids.next(), channel.id(),
                channel.inGuild() ? state.directory.guildId : null, authorId, type, state.now(), origin,
                referencedMessageId, shown);
        state.messages.add(message);
        announce("MESSAGE_CREATE", message);
        return message;
    }

    /** Applies the fields the request sent; the first edit of a deferred reply ends its loading state. */
    void edit(StoredMessage message, MessageContent change, Instant now) {
        if (change.text() != null) {
            message.content = change.text();
        }
        if (change.embeds() != null) {
            message.embeds = change.embeds();
        }
        if (change.components() != null) {
            message.components = change.components();
        }
        if (change.attachments() != null) {
            message.attachments = keptOrUploaded(change.attachments(), message.attachments);
        }
        int changeable = SUPPRESS_EMBEDS | IS_COMPONENTS_V2;
        int flags = message.flags & ~Message.LOADING;
        if (change.requestedFlags() != null) {
            flags = (flags & ~changeable) | (change.requestedFlags() & changeable);
        }
        message.flags = flags;
        message.editedAt = now;
        message.editCount++;
        announce("MESSAGE_UPDATE", message);
    }

    /** An edit lists the attachments to keep by id, next to new uploads (already full objects). */
    private static List<Map<String, Object>> keptOrUploaded(List<Map<String, Object>> wanted,
            List<Map<String, Object>> current) {
        return wanted.stream()
                .map(w -> w.containsKey("url") ? w : current.stream()
                        .filter(c -> String.valueOf(c.get("id")).equals(String.valueOf(w.get("id"))))
                        .findFirst().orElse(null))
                .filter(Objects::nonNull)
                .toList();
    }

    void delete(StoredMessage message) {
        state.messages.remove(message.id);
        if (!message.ephemeral()) {
            gateway.dispatch("MESSAGE_DELETE", s -> s.hasIntent(intentFor(message))
                    ? MessageJson.deleted(message) : null);
        }
    }

    /** Discord's length limits on what one message may carry. */
    static void validate(MessageContent content) {
        if (content.text() != null && content.text().length() > MAX_CONTENT) {
            throw RestError.invalidField("content", "BASE_TYPE_MAX_LENGTH",
                    "Must be " + MAX_CONTENT + " or fewer in length.");
        }
        if (content.embeds() == null) {
            return;
        }
        if (content.embeds().size() > MAX_EMBEDS) {
            throw RestError.invalidField("embeds", "BASE_TYPE_MAX_LENGTH",
                    "Must be " + MAX_EMBEDS + " or fewer in length.");
        }
        int text = content.embeds().stream().mapToInt(Messaging::embedText).sum();
        if (text > MAX_EMBED_TEXT) {
            throw RestError.invalidField("embeds", "MAX_EMBED_SIZE_EXCEEDED",
                    "Embed size exceeds maximum size of " + MAX_EMBED_TEXT);
        }
    }

    /** Ephemeral messages only reach the user who sees them, never the gateway. */
    private void announce(String type, StoredMessage message) {
        if (message.ephemeral()) {
            return;
        }
        gateway.dispatch(type, s -> s.hasIntent(intentFor(message))
                ? state.messageJson.gateway(message, s.hasIntent(Gateway.MESSAGE_CONTENT)) : null);
    }

    private static int intentFor(StoredMessage message) {
        return message.guildId != null ? Gateway.GUILD_MESSAGES : Gateway.DIRECT_MESSAGES;
    }

    /** The characters Discord counts towards an embed's 6000: title, description, fields, footer, author. */
    private static int embedText(Map<String, Object> embed) {
        int count = length(embed.get("title")) + length(embed.get("description"));
        if (embed.get("fields") instanceof List<?> fields) {
            for (Object field : fields) {
                Map<String, Object> f = Json.asObject(field);
                count += length(f.get("name")) + length(f.get("value"));
            }
        }
        if (embed.get("footer") instanceof Map<?, ?> footer) {
            count += length(footer.get("text"));
        }
        if (embed.get("author") instanceof Map<?, ?> author) {
            count += length(author.get("name"));
        }
        return count;
    }

    private static int length(Object text) {
        return text == null ? 0 : Objects.toString(text).length();
    }
}
