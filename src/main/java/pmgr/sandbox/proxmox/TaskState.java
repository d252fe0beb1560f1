package pmgr.sandbox.proxmox;

import java.util.ArrayList;
import java.util.List;

/**
 * One worker task. Its outcome is decided when it is created (like a PVE worker checking its
 * preconditions first); the effect on the VM is applied when it finishes.
 */
final class TaskState {
    private final Upid upid;
    private final String tokenId;
    private final long finishAtNanos;
    private final String plannedFailure;
    private final Runnable onSuccess;
    private final Runnable onFailure;
    private final List<String> log = new ArrayList<>();
    private String exitstatus;

    TaskState(Upid upid, String tokenId, long finishAtNanos, String plannedFailure, Runnable onSuccess,
            Runnable onFailure, List<String> progressLines) {
        this.upid = upid;
        this.tokenId = tokenId;
        this.finishAtNanos = finishAtNanos;
        this.plannedFailure = plannedFailure == null ? null : plannedFailure.replaceAll("[\\r\\n]+", " ").trim();
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
        this.log.addAll(progressLines);
    }

    Upid upid() {
        return upid;
    }

    String tokenId() {
        return tokenId;
    }

    long finishAtNanos() {
        return finishAtNanos;
    }

    boolean running() {
        return exitstatus == null;
    }

    String exitstatus() {
        return exitstatus;
    }

    List<String> log() {
        return List.copyOf(log);
    }

    void addLog(String line) {
        log.add(line);
    }

    void finish() {
        if (!running()) {
            return;
        }
        if (plannedFailure == null) {
            onSuccess.run();
            exitstatus = "OK";
            log.add("TASK OK");
        } else {
            fail(plannedFailure);
        }
    }

    /** Ends the task now, e.g. when stop aborts a shutdown or the task is deleted. */
    void fail(String status) {
        if (!running()) {
            return;
        }
        onFailure.run();
        exitstatus = status;
        log.add("TASK ERROR: " + status);
    }
}
