package pmgr.sandbox.discord;

import pmgr.sandbox.discord.Entry.Kind;

/**
 * The interaction webhook: the original response ({@code @original}) and followups, reachable with the
 * interaction token alone until the token expires.
 */
final class WebhooksApi {
    private static final String MESSAGE = "webhooks/{application}/{token}/messages/{message}";
    private final DiscordState state;
    private final Messaging messaging;

    WebhooksApi(DiscordState state, Messaging messaging) {
        this.state = state;
        this.messaging = messaging;
    }

    void register(Router router) {
        router.add("POST", "webhooks/{application}/{token}", Kind.FOLLOWUP_SENT, false, this::followup);
        router.add("GET", MESSAGE, Kind.OTHER_REST, false, call -> RestReply.ok(
                state.messageJson.rest(message(call, interaction(call)))));
        router.add("PATCH", MESSAGE, Kind.FOLLOWUP_EDITED, false, this::edit);
        router.add("DELETE", MESSAGE, Kind.MESSAGE_DELETED, false, call -> {
            messaging.delete(message(call, interaction(call)));
            return RestReply.noContent();
        });
    }

    /** A followup; the first one after a deferred reply replaces the loading message, as Discord does. */
    private RestReply followup(RestCall call) {
        IssuedInteraction interaction = interaction(call);
        if (!interaction.acknowledged() || interaction.type == IssuedInteraction.AUTOCOMPLETE) {
            throw RestError.unknownWebhook();
        }
        MessageContent content = MessageContent.from(call.bodyObject());
        if (content.isEmpty()) {
            throw RestError.emptyMessage();
        }
        Messaging.validate(content);
        StoredMessage original = interaction.originalMessageId == null ? null
                : state.messages.find(interaction.originalMessageId).orElse(null);
        if (original != null && (original.flags & Message.LOADING) != 0) {
            call.kind = Kind.ORIGINAL_EDITED;
            call.messageId = original.id;
            state.edits.admit(original, call.now, call.bucketHash);
            messaging.edit(original, content.withFlags(original.flags), call.now);
            return RestReply.ok(state.messageJson.rest(original));
        }
        int flags = content.flags() & (Message.EPHEMERAL | Messaging.SUPPRESS_EMBEDS
                | Messaging.SUPPRESS_NOTIFICATIONS | Messaging.IS_COMPONENTS_V2);
        Directory.Channel channel = state.directory.channelById(interaction.channelId).orElseThrow();
        StoredMessage message = messaging.create(channel, state.directory.bot.id(),
                interaction.responseMessageType(), interaction.origin(interaction.originalMessageId), null,
                content.withFlags(flags));
        call.messageId = message.id;
        return RestReply.ok(state.messageJson.rest(message));
    }

    private RestReply edit(RestCall call) {
        if ("@original".equals(call.var("message"))) {
            call.kind = Kind.ORIGINAL_EDITED;
        }
        IssuedInteraction interaction = interaction(call);
        StoredMessage message = message(call, interaction);
        if (message.id.equals(interaction.originalMessageId)) {
            call.kind = Kind.ORIGINAL_EDITED;
        }
        MessageContent change = MessageContent.from(call.bodyObject());
        Messaging.validate(change);
        state.edits.admit(message, call.now, call.bucketHash);
        messaging.edit(message, change, call.now);
        return RestReply.ok(state.messageJson.rest(message));
    }

    private IssuedInteraction interaction(RestCall call) {
        if (!state.directory.applicationId.equals(call.var("application"))) {
            throw RestError.unknownWebhook();
        }
        IssuedInteraction interaction = state.interactions.byToken(call.var("token"))
                .orElseThrow(RestError::invalidWebhookToken);
        call.interactionId = interaction.id;
        call.channelId = interaction.channelId;
        if (!call.now.isBefore(interaction.dispatchedAt.plus(state.settings.interactionTokenLifetime()))) {
            throw RestError.invalidWebhookToken();
        }
        return interaction;
    }

    /** {@code @original} or one of this interaction's own messages. */
    private StoredMessage message(RestCall call, IssuedInteraction interaction) {
        String id = "@original".equals(call.var("message")) ? interaction.originalMessageId : call.var("message");
        call.messageId = id;
        return state.messages.find(id == null ? "" : id)
                .filter(m -> m.id.equals(interaction.originalMessageId) || interaction.id.equals(m.interactionId()))
                .orElseThrow(RestError::unknownMessage);
    }
}
