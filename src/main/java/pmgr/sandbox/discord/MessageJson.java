package pmgr.sandbox.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pmgr.sandbox.discord.Directory.Account;

/** Message objects as Discord returns them over REST and dispatches them on the gateway. */
final class MessageJson {
    private static final Pattern USER_MENTION = Pattern.compile("<@!?(\\d+)>");
    private static final Pattern ROLE_MENTION = Pattern.compile("<@&(\\d+)>");
    private final Directory directory;
    private final EntityJson entities;
    private final MessageStore messages;

    MessageJson(Directory directory, EntityJson entities, MessageStore messages) {
        this.directory = directory;
        this.entities = entities;
        this.messages = messages;
    }

    /** The REST shape: no guild_id or member; replies carry the message they reply to. */
    JsonMap rest(StoredMessage m) {
        JsonMap json = plain(m);
        if (m.referencedMessageId != null) {
            json.with("message_reference", new JsonMap()
                            .with("type", 0)
                            .with("channel_id", m.channelId)
                            .with("message_id", m.referencedMessageId)
                            .with("guild_id", m.guildId))
                    .with("referenced_message", messages.find(m.referencedMessageId).map(this::plain).orElse(null));
        }
        return json;
    }

    /**
     * The gateway shape (MESSAGE_CREATE / MESSAGE_UPDATE): with guild_id and the author's member, and
     * without content unless the session has the MESSAGE_CONTENT intent, the message is a DM, the bot wrote it
     * or it mentions the bot, as Discord does.
     */
    JsonMap gateway(StoredMessage m, boolean contentIntent) {
        JsonMap json = rest(m);
        if (m.guildId != null) {
            json.with("guild_id", m.guildId);
            directory.member(m.authorId).ifPresent(member -> json.with("member", entities.memberWithoutUser(member)));
        }
        boolean contentVisible = contentIntent || m.guildId == null || m.authorId.equals(directory.bot.id())
                || mentionedUserIds(m.content).contains(directory.bot.id());
        if (!contentVisible) {
            json.with("content", "").with("embeds", List.of()).with("attachments", List.of())
                    .with("components", List.of());
        }
        return json;
    }

    private JsonMap plain(StoredMessage m) {
        Account author = directory.accountById(m.authorId).orElseThrow();
        JsonMap json = new JsonMap()
                .with("type", m.type)
                .with("content", m.content)
                .with("mentions", mentionedUsers(m))
                .with("mention_roles", mentionedRoleIds(m.content))
                .with("attachments", m.attachments)
                .with("embeds", m.embeds)
                .with("timestamp", Json.timestamp(m.createdAt))
                .with("edited_timestamp", m.editedAt == null ? null : Json.timestamp(m.editedAt))
                .with("flags", m.flags)
                .with("components", m.components)
                .with("id", m.id)
                .with("channel_id", m.channelId)
                .with("author", entities.user(author))
                .with("pinned", false)
                .with("mention_everyone", false)
                .with("tts", m.tts);
        if (m.origin != null) {
            json.with("application_id", directory.applicationId)
                    .with("webhook_id", directory.applicationId)
                    .with("interaction_metadata", interactionMetadata(m.origin));
            if (m.origin.commandName() != null) {
                json.with("interaction", new JsonMap()
                        .with("id", m.origin.interactionId())
                        .with("type", m.origin.interactionType())
                        .with("name", m.origin.commandName())
                        .with("user", entities.userById(m.origin.userId())));
            }
        }
        return json;
    }

    private JsonMap interactionMetadata(StoredMessage.Origin origin) {
        JsonMap json = new JsonMap()
                .with("id", origin.interactionId())
                .with("type", origin.interactionType())
                .with("user", entities.userById(origin.userId()))
                .with("authorizing_integration_owners", new JsonMap().with("0", directory.guildId));
        if (origin.commandName() != null) {
            json.with("name", origin.commandName()).with("command_type", 1);
        }
        if (origin.originalResponseId() != null) {
            json.with("original_response_message_id", origin.originalResponseId());
        }
        if (origin.interactedMessageId() != null) {
            json.with("interacted_message_id", origin.interactedMessageId());
        }
        return json;
    }

    /** Users named in the content, plus the author of the message replied to (Discord pings them by default). */
    private List<JsonMap> mentionedUsers(StoredMessage m) {
        List<String> ids = new ArrayList<>(mentionedUserIds(m.content));
        if (m.referencedMessageId != null) {
            messages.find(m.referencedMessageId).map(r -> r.authorId).filter(id -> !ids.contains(id))
                    .ifPresent(ids::add);
        }
        return ids.stream().flatMap(id -> directory.accountById(id).stream()).map(entities::user).toList();
    }

    private List<String> mentionedUserIds(String content) {
        return matches(USER_MENTION, content);
    }

    private List<String> mentionedRoleIds(String content) {
        return matches(ROLE_MENTION, content).stream().filter(id -> directory.roleById(id).isPresent()).toList();
    }

    private static List<String> matches(Pattern pattern, String content) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(content == null ? "" : content);
        while (matcher.find()) {
            if (!found.contains(matcher.group(1))) {
                found.add(matcher.group(1));
            }
        }
        return found;
    }

    static Map<String, Object> deleted(StoredMessage m) {
        JsonMap json = new JsonMap().with("id", m.id).with("channel_id", m.channelId);
        if (m.guildId != null) {
            json.with("guild_id", m.guildId);
        }
        return json;
    }
}
