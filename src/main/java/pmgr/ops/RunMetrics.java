package pmgr.ops;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import pmgr.engine.RunContext;
import pmgr.engine.RunListener;

/**
 * Runs and steps as meters: how many runs of each workflow ended how, and how long runs and steps
 * took, as histograms (so the Proxmox Manager dashboard can show p50/p95 across instances).
 */
public final class RunMetrics implements RunListener {
    @Override
    public void stepFinished(RunContext run, int seq, String stepId, String status, String error, Duration took) {
        timer("pmgr.step.duration", "workflow", run.target(), "step", stepId, "status", status).record(took);
    }

    private static Timer timer(String name, String... tags) {
        return Timer.builder(name).tags(tags).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(30))
                .register(Metrics.globalRegistry);
    }

    @Override
    public void runFinished(RunContext run, String status, String error) {
        Metrics.counter("pmgr.runs", "kind", run.kind(), "target", run.target(), "status", status).increment();
        timer("pmgr.run.duration", "kind", run.kind(), "target", run.target(), "status", status)
                .record(Duration.between(run.startedAt(), java.time.Instant.now()));
    }
}
