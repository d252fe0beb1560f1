package pmgr.bot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import pmgr.engine.Definitions;
import pmgr.engine.ModelRegistry;
import pmgr.engine.RunContext;
import pmgr.engine.RunListener;
import pmgr.engine.Workflow;
import pmgr.engine.Workflows;

/**
 * Follows the runs the bot started (origin {@code discord:...}) from their first event, so a
 * progress message that attaches a moment later misses nothing. A finished run is forgotten after
 * a while.
 */
public final class RunWatcher implements RunListener {
    static final String ORIGIN_PREFIX = "discord:";
    private static final Duration KEEP_FINISHED = Duration.ofMinutes(2);

    private final Workflows workflows;
    private final Definitions definitions;
    private final ModelRegistry registry;
    private final ScheduledExecutorService scheduler;
    private final Map<String, RunProgress> runs = new ConcurrentHashMap<>();

    RunWatcher(Workflows workflows, Definitions definitions, ModelRegistry registry, ScheduledExecutorService scheduler) {
        this.workflows = workflows;
        this.definitions = definitions;
        this.registry = registry;
        this.scheduler = scheduler;
    }

    public Optional<RunProgress> progress(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public void runStarted(RunContext run) {
        if (run.origin() != null && run.origin().startsWith(ORIGIN_PREFIX)) {
            runs.put(run.id(), new RunProgress(run.id(), run.kind(), run.target(), run.startedAt(), declaredSteps(run)));
        }
    }

    private List<RunProgress.Step> declaredSteps(RunContext run) {
        if (run.kind().equals("workflow")) {
            return workflows.get(run.target()).map(Workflow::steps).orElse(List.of()).stream()
                    .map(s -> pending(s.id(), s.description())).toList();
        }
        // a method call: one step, the call itself
        int dot = run.target().lastIndexOf('.');
        String description = definitions.get(run.target().substring(0, dot))
                .flatMap(d -> registry.get(d.type()))
                .flatMap(t -> t.method(run.target().substring(dot + 1)))
                .map(m -> m.description()).orElse(run.target());
        return List.of(pending(run.target(), description));
    }

    private static RunProgress.Step pending(String id, String description) {
        return new RunProgress.Step(id, description == null || description.isBlank() ? id : description,
                RunProgress.StepState.PENDING, null, null, null);
    }

    @Override
    public void stepStarted(RunContext run, int seq, String stepId, String description) {
        progress(run.id()).ifPresent(p -> p.stepStarted(stepId));
    }

    @Override
    public void stepFinished(RunContext run, int seq, String stepId, String status, String error, Duration took) {
        progress(run.id()).ifPresent(p -> p.stepFinished(stepId, status, error, took));
    }

    @Override
    public void runFinished(RunContext run, String status, String error) {
        progress(run.id()).ifPresent(p -> {
            p.finished(status, error);
            scheduler.schedule(() -> runs.remove(run.id()), KEEP_FINISHED.toSeconds(), TimeUnit.SECONDS);
        });
    }
}
