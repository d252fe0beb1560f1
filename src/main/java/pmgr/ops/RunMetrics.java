package pmgr.ops;

import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import pmgr.engine.RunContext;
import pmgr.engine.RunListener;

/** Runs and steps as meters: how many runs of each workflow ended how, and how long each step took. */
public final class RunMetrics implements RunListener {
    @Override
    public void stepFinished(RunContext run, int seq, String stepId, String status, String error, Duration took) {
        Metrics.timer("pmgr.step.duration", "workflow", run.target(), "step", stepId, "status", status).record(took);
    }

    @Override
    public void runFinished(RunContext run, String status, String error) {
        Metrics.counter("pmgr.runs", "kind", run.kind(), "target", run.target(), "status", status).increment();
        Metrics.timer("pmgr.run.duration", "kind", run.kind(), "target", run.target(), "status", status)
                .record(Duration.between(run.startedAt(), java.time.Instant.now()));
    }
}
