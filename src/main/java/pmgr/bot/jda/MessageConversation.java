package pmgr.bot.jda;

import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.entities.Message;
import pmgr.bot.Audience;
import pmgr.bot.Conversation;
import pmgr.bot.MessageHandle;
import pmgr.bot.MessageView;

/**
 * The answer to a prefix command ({@code !start allthemons}): a reply to the message. A private
 * answer goes by direct message, or as a reply when the person does not take DMs from the bot.
 */
record MessageConversation(Message message) implements Conversation {
    @Override
    public void acknowledge() {
        // nothing to do: a message can be answered at any time
    }

    @Override
    public CompletableFuture<MessageHandle> show(MessageView view, Audience audience) {
        if (audience == Audience.REQUESTER && message.isFromGuild()) {
            return message.getAuthor().openPrivateChannel().submit()
                    .thenCompose(dm -> dm.sendMessage(JdaMessages.create(view)).submit())
                    .thenApply(m -> (MessageHandle) ChannelMessage.of(m))
                    .exceptionallyCompose(e -> reply(view));
        }
        return reply(view);
    }

    private CompletableFuture<MessageHandle> reply(MessageView view) {
        return message.reply(JdaMessages.create(view)).submit().thenApply(ChannelMessage::of);
    }
}
