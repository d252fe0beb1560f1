package pmgr.bot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import pmgr.store.RunLedger;

/**
 * One run as the bot shows it: its declared steps with their state, and how it ended. Updated from
 * the run's events on the run's threads; read as {@link Snapshot}s; listeners hear every change.
 */
public final class RunProgress {
    public enum StepState { PENDING, RUNNING, DONE, WARNING, FAILED }

    public record Step(String id, String description, StepState state, Instant startedAt, Duration took, String error) {
    }

    /** The run at one moment. {@code status} is null while it runs. */
    public record Snapshot(String runId, String kind, String target, Instant startedAt, List<Step> steps, String status,
                           String error, Instant finishedAt) {
        public boolean finished() {
            return status != null;
        }

        public boolean succeeded() {
            return RunLedger.SUCCEEDED.equals(status);
        }

        /** The message of the step that failed, else the run's own error. */
        public String failure() {
            return steps.stream().filter(s -> s.state() == StepState.FAILED && s.error() != null).map(Step::error)
                    .findFirst().orElse(error);
        }
    }

    /** What changed: a step (always worth showing) or the end of the run. */
    public enum Change { STEP, FINISHED }

    private final String runId;
    private final String kind;
    private final String target;
    private final Instant startedAt;
    private final List<Step> steps;
    private String status;
    private String error;
    private Instant finishedAt;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

    RunProgress(String runId, String kind, String target, Instant startedAt, List<Step> declared) {
        this.runId = runId;
        this.kind = kind;
        this.target = target;
        this.startedAt = startedAt;
        this.steps = new ArrayList<>(declared);
    }

    public String runId() {
        return runId;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(runId, kind, target, startedAt, List.copyOf(steps), status, error, finishedAt);
    }

    /** Hears every change from now on; if the run has already finished, hears that at once. */
    public void listen(Consumer<Change> listener) {
        listeners.add(listener);
        if (snapshot().finished()) {
            listener.accept(Change.FINISHED);
        }
    }

    void stepStarted(String stepId) {
        if (update(stepId, s -> new Step(s.id(), s.description(), StepState.RUNNING, Instant.now(), null, null))) {
            fire(Change.STEP);
        }
    }

    void stepFinished(String stepId, String stepStatus, String stepError, Duration took) {
        StepState state = RunLedger.SUCCEEDED.equals(stepStatus) ? StepState.DONE
                : RunLedger.WARNING.equals(stepStatus) ? StepState.WARNING : StepState.FAILED;
        if (update(stepId, s -> new Step(s.id(), s.description(), state, s.startedAt(), took, stepError))) {
            fire(Change.STEP);
        }
    }

    void finished(String runStatus, String runError) {
        synchronized (this) {
            if (status != null) {
                return;
            }
            status = runStatus;
            error = runError;
            finishedAt = Instant.now();
        }
        fire(Change.FINISHED);
    }

    private synchronized boolean update(String stepId, java.util.function.UnaryOperator<Step> change) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(stepId)) {
                steps.set(i, change.apply(steps.get(i)));
                return true;
            }
        }
        return false; // a step the bot does not show (nested, or not declared)
    }

    private void fire(Change change) {
        for (Consumer<Change> l : listeners) {
            l.accept(change);
        }
    }
}
