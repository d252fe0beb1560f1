package pmgr.bot.jda;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.interactions.InteractionHook;
import pmgr.bot.MessageHandle;
import pmgr.bot.MessageView;

/**
 * A message answering an interaction, edited through the interaction's webhook: only while its
 * token lasts. After that the progress continues in a channel message replying to it.
 */
record InteractionMessage(InteractionHook hook, Message message, boolean original, Instant editableUntil,
                          MessageChannel channel)
        implements MessageHandle {

    @Override
    public CompletableFuture<Void> edit(MessageView view) {
        var edit = original ? hook.editOriginal(JdaMessages.edit(view)) : hook.editMessageById(message.getId(), JdaMessages.edit(view));
        return JdaMessages.refusals(edit.submit()).thenApply(m -> null);
    }

    @Override
    public Instant createdAt() {
        return message.getTimeCreated().toInstant();
    }

    @Override
    public CompletableFuture<MessageHandle> continueBelow(MessageView view) {
        return JdaMessages.refusals(channel.sendMessage(JdaMessages.create(view)).setMessageReference(message.getId()).submit())
                .thenApply(ChannelMessage::of);
    }
}
