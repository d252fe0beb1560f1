package pmgr.engine;

import java.time.Instant;

/** A workflow was not started because another run holds its lock (asked for with {@link RunOptions#failIfBusy}). */
public final class BusyException extends RuntimeException {
    private final String lockKey;
    private final String holderId;
    private final String holderTarget;
    private final String holderOrigin;
    private final Instant holderStartedAt;

    BusyException(String lockKey, RunContext holder) {
        super("lock '" + lockKey + "' is held by run " + holder.id() + " (" + holder.target() + ", started "
                + holder.startedAt() + " by " + holder.origin() + ")");
        this.lockKey = lockKey;
        this.holderId = holder.id();
        this.holderTarget = holder.target();
        this.holderOrigin = holder.origin();
        this.holderStartedAt = holder.startedAt();
    }

    public String lockKey() {
        return lockKey;
    }

    public String holderId() {
        return holderId;
    }

    /** The workflow (or method call) the holding run executes. */
    public String holderTarget() {
        return holderTarget;
    }

    public String holderOrigin() {
        return holderOrigin;
    }

    public Instant holderStartedAt() {
        return holderStartedAt;
    }
}
