package pmgr.bot;

import java.util.concurrent.CompletableFuture;

/**
 * Where the answer to one command goes (a slash command's interaction, a prefix command's message,
 * a message being edited). The JDA adapter implements it; the bot's routes only call it.
 */
public interface Conversation {
    /** Tells Discord the command is being worked on (a slash command's deferred reply); once is enough. */
    void acknowledge();

    /** Shows a message; the handle can edit it later. */
    CompletableFuture<MessageHandle> show(MessageView view, Audience audience);

    /** Nothing to show: a command that is ignored. */
    default void ignore() {
    }
}
