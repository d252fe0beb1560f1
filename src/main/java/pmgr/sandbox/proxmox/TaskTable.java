package pmgr.sandbox.proxmox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** All worker tasks by UPID; finishes them once their time is up. Callers hold the sandbox lock. */
final class TaskTable {
    private final Map<String, TaskState> tasks = new LinkedHashMap<>();
    private final LongSupplier nanoTime;
    private final java.time.Clock clock;
    private final Consumer<Duration> wakeUp;
    private int nextPid = 0x3A1F2;
    private long nextPstart = 0x1B2C3D4;

    /** @param wakeUp asks the server to call {@link #settle()} after the given delay */
    TaskTable(LongSupplier nanoTime, java.time.Clock clock, Consumer<Duration> wakeUp) {
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.wakeUp = wakeUp;
    }

    /** A task spec: what it is, how long it runs, and what happens at its end. */
    record Plan(String node, String type, String id, Identity who, Duration duration, String failure,
            Runnable onSuccess, Runnable onFailure, List<String> progress) {
        Plan {
            onSuccess = onSuccess == null ? () -> { } : onSuccess;
            onFailure = onFailure == null ? () -> { } : onFailure;
            progress = progress == null ? List.of() : List.copyOf(progress);
        }
    }

    TaskState start(Plan plan) {
        nextPid += 1 + (nextPid % 7);
        nextPstart += 97;
        Upid upid = new Upid(plan.node(), nextPid, nextPstart, clock.instant().getEpochSecond(), plan.type(),
                plan.id(), plan.who().fullId());
        long finishAt = nanoTime.getAsLong() + plan.duration().toNanos();
        TaskState task = new TaskState(upid, plan.who().tokenId(), finishAt, plan.failure(), plan.onSuccess(),
                plan.onFailure(), plan.progress());
        tasks.put(upid.toString(), task);
        wakeUp.accept(plan.duration());
        return task;
    }

    Optional<TaskState> find(String upid) {
        return Optional.ofNullable(tasks.get(upid));
    }

    List<TaskState> running(String type, String id) {
        List<TaskState> found = new ArrayList<>();
        for (TaskState t : tasks.values()) {
            if (t.running() && t.upid().type().equals(type) && t.upid().id().equals(id)) {
                found.add(t);
            }
        }
        return found;
    }

    /** Finishes every due task, earliest first, so effects apply in the order they would have. */
    void settle() {
        long now = nanoTime.getAsLong();
        List<TaskState> due = new ArrayList<>();
        for (TaskState t : tasks.values()) {
            if (t.running() && t.finishAtNanos() - now <= 0) {
                due.add(t);
            }
        }
        due.sort(Comparator.comparingLong(TaskState::finishAtNanos));
        due.forEach(TaskState::finish);
    }
}
