package pmgr.bot;

/** What a command's route answers; {@link Delivery} shows it in the command's {@link Conversation}. */
public sealed interface Reply {
    /** A message, once. */
    record Say(MessageView view, Audience audience) implements Reply {
    }

    /** A run, shown live until it ends. */
    record Follow(RunProgress progress, RunDisplay display) implements Reply {
    }

    /** A question with Confirm / Cancel. */
    record Ask(Confirmations.Pending question) implements Reply {
    }

    /** A reply that goes to another conversation (the message a Confirm was pressed on). */
    record Elsewhere(Reply reply, Conversation conversation) implements Reply {
    }

    /** Nothing to show (a command that is ignored, or already answered). */
    record Nothing() implements Reply {
    }
}
