package pmgr.bot;

/** Discord refused to edit a message, and why (each reason is handled differently). */
public final class EditRefusedException extends RuntimeException {
    public enum Reason {
        /** The interaction's token expired (15 minutes): the message can no longer be edited. */
        TOKEN_EXPIRED,
        /** A message older than an hour reached its edit cap: edit less, try again later. */
        OLD_MESSAGE_CAP,
        /** Rate limited or a passing failure: try again later. */
        TRY_LATER,
        /** Anything else: the message is gone or cannot be edited. */
        GONE
    }

    private final Reason reason;

    public EditRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
