package pmgr.sandbox.discord;

import java.util.List;
import java.util.Map;
import pmgr.sandbox.discord.Entry.Kind;

/**
 * {@code POST interactions/{id}/{token}/callback}: the one answer an interaction gets, within the ack
 * deadline. With {@code ?with_response=true} it returns the interaction-callback response object.
 */
final class CallbackApi {
    static final int REPLY = 4;
    static final int DEFERRED_REPLY = 5;
    static final int DEFERRED_UPDATE = 6;
    static final int UPDATE_MESSAGE = 7;
    static final int AUTOCOMPLETE_RESULT = 8;
    static final int MODAL = 9;
    private static final int MAX_CHOICES = 25;
    private final DiscordState state;
    private final Messaging messaging;

    CallbackApi(DiscordState state, Messaging messaging) {
        this.state = state;
        this.messaging = messaging;
    }

    void register(Router router) {
        router.add("POST", "interactions/{interaction}/{token}/callback", Kind.INTERACTION_CALLBACK, false,
                this::callback);
    }

    private RestReply callback(RestCall call) {
        IssuedInteraction interaction = state.interactions.byId(call.var("interaction"))
                .filter(i -> i.token.equals(call.var("token")))
                .orElseThrow(RestError::unknownInteraction);
        call.interactionId = interaction.id;
        call.channelId = interaction.channelId;
        if (interaction.acknowledged()) {
            throw RestError.alreadyAcknowledged();
        }
        if (call.now.isAfter(interaction.dispatchedAt.plus(state.settings.ackDeadline()))) {
            throw RestError.unknownInteraction();
        }
        Map<String, Object> body = call.bodyObject();
        int type = body.get("type") instanceof Number n ? n.intValue() : -1;
        Map<String, Object> data = body.get("data") instanceof Map<?, ?> d ? Json.asObject(d) : Map.of();
        if (!allowed(interaction, type)) {
            throw RestError.invalidField("type", "INTERACTION_RESPONSE_TYPE_INVALID",
                    "Interaction response type " + type + " is not valid for this interaction");
        }
        StoredMessage message = answer(interaction, type, data, call);
        interaction.callbackType = type;
        if (message != null) {
            call.messageId = message.id;
        }
        return call.queryFlag("with_response") ? RestReply.ok(response(interaction, type, message))
                : RestReply.noContent();
    }

    private static boolean allowed(IssuedInteraction interaction, int type) {
        return switch (interaction.type) {
            case IssuedInteraction.AUTOCOMPLETE -> type == AUTOCOMPLETE_RESULT;
            case IssuedInteraction.MESSAGE_COMPONENT -> List.of(REPLY, DEFERRED_REPLY, DEFERRED_UPDATE,
                    UPDATE_MESSAGE, MODAL).contains(type);
            default -> List.of(REPLY, DEFERRED_REPLY, MODAL).contains(type);
        };
    }

    /** Applies the callback; returns the message it created or changed, if any. */
    private StoredMessage answer(IssuedInteraction interaction, int type, Map<String, Object> data, RestCall call) {
        switch (type) {
            case REPLY, DEFERRED_REPLY -> {
                MessageContent content = MessageContent.from(data);
                if (type == REPLY && content.isEmpty()) {
                    throw RestError.emptyMessage();
                }
                Messaging.validate(content);
                int flags = content.flags() & (Message.EPHEMERAL | Messaging.SUPPRESS_EMBEDS
                        | Messaging.SUPPRESS_NOTIFICATIONS | Messaging.IS_COMPONENTS_V2);
                MessageContent shown = type == REPLY ? content.withFlags(flags)
                        : new MessageContent("", List.of(), List.of(), List.of(),
                                (flags & Message.EPHEMERAL) | Message.LOADING, false);
                Directory.Channel channel = state.directory.channelById(interaction.channelId).orElseThrow();
                StoredMessage message = messaging.create(channel, state.directory.bot.id(),
                        interaction.responseMessageType(), interaction.origin(null), null, shown);
                interaction.originalMessageId = message.id;
                return message;
            }
            case DEFERRED_UPDATE, UPDATE_MESSAGE -> {
                StoredMessage clicked = state.messages.find(interaction.componentMessageId)
                        .orElseThrow(RestError::unknownMessage);
                interaction.originalMessageId = clicked.id;
                if (type == UPDATE_MESSAGE) {
                    MessageContent change = MessageContent.from(data);
                    Messaging.validate(change);
                    messaging.edit(clicked, change, call.now);
                }
                return clicked;
            }
            case AUTOCOMPLETE_RESULT -> {
                if (data.get("choices") instanceof List<?> choices && choices.size() > MAX_CHOICES) {
                    throw RestError.invalidField("data.choices", "BASE_TYPE_MAX_LENGTH",
                            "Must be " + MAX_CHOICES + " or fewer in length.");
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private JsonMap response(IssuedInteraction interaction, int type, StoredMessage message) {
        JsonMap about = new JsonMap().with("id", interaction.id).with("type", interaction.type);
        if (message != null) {
            about.with("response_message_id", message.id)
                    .with("response_message_loading", (message.flags & Message.LOADING) != 0)
                    .with("response_message_ephemeral", message.ephemeral());
        }
        JsonMap resource = new JsonMap().with("type", type);
        if (message != null && (type == REPLY || type == UPDATE_MESSAGE)) {
            resource.with("message", state.messageJson.rest(message));
        }
        return new JsonMap().with("interaction", about).with("resource", resource);
    }
}
