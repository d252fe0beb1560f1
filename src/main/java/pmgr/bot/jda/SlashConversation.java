package pmgr.bot.jda;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import pmgr.bot.Audience;
import pmgr.bot.Conversation;
import pmgr.bot.MessageHandle;
import pmgr.bot.MessageView;

/**
 * The answer to a slash command. Acknowledging defers the reply (public), which Discord needs within
 * three seconds; a private answer after that replaces the "thinking" message by an ephemeral one.
 */
final class SlashConversation implements Conversation {
    private final SlashCommandInteractionEvent event;
    private final Duration tokenLifetime;
    private CompletableFuture<InteractionHook> deferred;

    SlashConversation(SlashCommandInteractionEvent event, Duration tokenLifetime) {
        this.event = event;
        this.tokenLifetime = tokenLifetime;
    }

    @Override
    public synchronized void acknowledge() {
        if (deferred == null) {
            deferred = event.deferReply().submit();
        }
    }

    @Override
    public synchronized CompletableFuture<MessageHandle> show(MessageView view, Audience audience) {
        boolean privately = audience == Audience.REQUESTER;
        if (deferred == null) {
            return event.reply(JdaMessages.create(view)).setEphemeral(privately).submit()
                    .thenCompose(hook -> hook.retrieveOriginal().submit().thenApply(m -> handle(hook, m, true)));
        }
        if (!privately) {
            return deferred.thenCompose(hook -> hook.editOriginal(JdaMessages.edit(view)).submit()
                    .thenApply(m -> handle(hook, m, true)));
        }
        return deferred.thenCompose(hook -> hook.deleteOriginal().submit().exceptionally(e -> null)
                .thenCompose(v -> hook.sendMessage(JdaMessages.create(view)).setEphemeral(true).submit())
                .thenApply(m -> handle(hook, m, false)));
    }

    private MessageHandle handle(InteractionHook hook, net.dv8tion.jda.api.entities.Message m, boolean original) {
        return new InteractionMessage(hook, m, original, event.getTimeCreated().toInstant().plus(tokenLifetime),
                event.getMessageChannel());
    }

    @Override
    public synchronized void ignore() {
        if (deferred != null) {
            deferred.thenCompose(hook -> hook.deleteOriginal().submit());
        }
    }
}
