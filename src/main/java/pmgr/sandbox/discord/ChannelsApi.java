package pmgr.sandbox.discord;

import java.util.Map;
import pmgr.sandbox.discord.Directory.Channel;
import pmgr.sandbox.discord.Entry.Kind;

/** Channel messages the bot sends, reads, edits and deletes, and the typing indicator. */
final class ChannelsApi {
    private static final String MESSAGE = "channels/{channel}/messages/{message}";
    private final DiscordState state;
    private final Messaging messaging;

    ChannelsApi(DiscordState state, Messaging messaging) {
        this.state = state;
        this.messaging = messaging;
    }

    void register(Router router) {
        router.add("GET", "channels/{channel}", Kind.OTHER_REST, true, call -> RestReply.ok(
                state.entities.channel(channel(call))));
        router.add("POST", "channels/{channel}/messages", Kind.CHANNEL_MESSAGE_SENT, true, this::send);
        router.add("GET", MESSAGE, Kind.OTHER_REST, true, call -> RestReply.ok(
                state.messageJson.rest(message(call))));
        router.add("PATCH", MESSAGE, Kind.CHANNEL_MESSAGE_EDITED, true, this::edit);
        router.add("DELETE", MESSAGE, Kind.MESSAGE_DELETED, true, call -> {
            messaging.delete(message(call));
            return RestReply.noContent();
        });
        router.add("POST", "channels/{channel}/typing", Kind.OTHER_REST, true, call -> {
            channel(call);
            return RestReply.noContent();
        });
    }

    private RestReply send(RestCall call) {
        Channel channel = channel(call);
        if (!channel.inGuild() && state.directory.accountById(channel.recipientId()).orElseThrow().bot()) {
            throw RestError.of(403, 50007, "Cannot send messages to this user");
        }
        Map<String, Object> body = call.bodyObject();
        MessageContent content = MessageContent.from(body);
        if (content.isEmpty()) {
            throw RestError.emptyMessage();
        }
        Messaging.validate(content);
        String repliedTo = repliedTo(body, channel);
        int flags = content.flags() & (Messaging.SUPPRESS_EMBEDS | Messaging.SUPPRESS_NOTIFICATIONS
                | Messaging.IS_COMPONENTS_V2);
        StoredMessage message = messaging.create(channel, state.directory.bot.id(),
                repliedTo == null ? StoredMessage.DEFAULT : StoredMessage.REPLY, null, repliedTo,
                content.withFlags(flags));
        call.messageId = message.id;
        return RestReply.ok(state.messageJson.rest(message));
    }

    /** The message a reply points at; an unknown one fails unless the bot said fail_if_not_exists: false. */
    private String repliedTo(Map<String, Object> body, Channel channel) {
        if (!(body.get("message_reference") instanceof Map<?, ?> raw)) {
            return null;
        }
        Map<String, Object> reference = Json.asObject(raw);
        String channelId = String.valueOf(reference.getOrDefault("channel_id", channel.id()));
        String id = String.valueOf(reference.get("message_id"));
        boolean known = state.messages.find(id)
                .filter(m -> m.channelId.equals(channelId) && !m.ephemeral()).isPresent();
        if (known) {
            return id;
        }
        if (Boolean.FALSE.equals(reference.get("fail_if_not_exists"))) {
            return null;
        }
        throw RestError.invalidField("message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message");
    }

    private RestReply edit(RestCall call) {
        StoredMessage message = message(call);
        if (!message.authorId.equals(state.directory.bot.id())) {
            throw RestError.cannotEditOthers();
        }
        MessageContent change = MessageContent.from(call.bodyObject());
        Messaging.validate(change);
        state.edits.admit(message, call.now, call.bucketHash);
        messaging.edit(message, change, call.now);
        return RestReply.ok(state.messageJson.rest(message));
    }

    private Channel channel(RestCall call) {
        Channel channel = state.directory.channelById(call.var("channel")).orElseThrow(RestError::unknownChannel);
        call.channelId = channel.id();
        return channel;
    }

    /** Ephemeral messages are not part of a channel's messages. */
    private StoredMessage message(RestCall call) {
        Channel channel = channel(call);
        call.messageId = call.var("message");
        return state.messages.find(call.var("message"))
                .filter(m -> m.channelId.equals(channel.id()) && !m.ephemeral())
                .orElseThrow(RestError::unknownMessage);
    }
}
