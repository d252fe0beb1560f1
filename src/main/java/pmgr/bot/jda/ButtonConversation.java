package pmgr.bot.jda;

import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import pmgr.bot.Audience;
import pmgr.bot.Conversation;
import pmgr.bot.MessageHandle;
import pmgr.bot.MessageView;

/** The answer to a button press: acknowledged as "the message will change"; private answers are ephemeral. */
final class ButtonConversation implements Conversation {
    private final ButtonInteractionEvent event;
    private CompletableFuture<InteractionHook> deferred;

    ButtonConversation(ButtonInteractionEvent event) {
        this.event = event;
    }

    @Override
    public synchronized void acknowledge() {
        if (deferred == null) {
            deferred = event.deferEdit().submit();
        }
    }

    @Override
    public synchronized CompletableFuture<MessageHandle> show(MessageView view, Audience audience) {
        if (deferred == null) {
            if (audience == Audience.REQUESTER) {
                return event.reply(JdaMessages.create(view)).setEphemeral(true).submit()
                        .thenCompose(hook -> hook.retrieveOriginal().submit().thenApply(ChannelMessage::of));
            }
            acknowledge();
        }
        if (audience == Audience.REQUESTER) {
            return deferred.thenCompose(hook -> hook.sendMessage(JdaMessages.create(view)).setEphemeral(true).submit())
                    .thenApply(ChannelMessage::of);
        }
        return deferred.thenCompose(hook -> hook.editOriginal(JdaMessages.edit(view)).submit()).thenApply(ChannelMessage::of);
    }

    @Override
    public synchronized void ignore() {
        acknowledge();
    }
}
