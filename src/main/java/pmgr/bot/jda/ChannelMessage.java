package pmgr.bot.jda;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import pmgr.bot.MessageHandle;
import pmgr.bot.MessageView;

/** A normal message of the bot in a channel (or a DM): editable for as long as it exists. */
record ChannelMessage(MessageChannel channel, String id, Instant createdAt) implements MessageHandle {
    static ChannelMessage of(Message m) {
        return new ChannelMessage(m.getChannel(), m.getId(), m.getTimeCreated().toInstant());
    }

    @Override
    public CompletableFuture<Void> edit(MessageView view) {
        return JdaMessages.refusals(channel.editMessageById(id, JdaMessages.edit(view)).submit()).thenApply(m -> null);
    }

    @Override
    public Instant editableUntil() {
        return null;
    }

    @Override
    public CompletableFuture<MessageHandle> continueBelow(MessageView view) {
        return JdaMessages.refusals(channel.sendMessage(JdaMessages.create(view)).setMessageReference(id).submit())
                .thenApply(ChannelMessage::of);
    }
}
