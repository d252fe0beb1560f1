package pmgr.bot;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A message the bot posted, which it can edit (progress) or continue below (when it outlives the message). */
public interface MessageHandle {
    /** Replaces the message; fails with {@link EditRefusedException} when Discord refuses the edit. */
    CompletableFuture<Void> edit(MessageView view);

    /** When the message was created (Discord caps edits of messages older than an hour). */
    Instant createdAt();

    /** Until when it can be edited at all (an interaction response: while the interaction's token lasts); null = no limit. */
    Instant editableUntil();

    /** Posts a new message in the same channel that refers to this one, for progress that outlives it. */
    CompletableFuture<MessageHandle> continueBelow(MessageView view);
}
