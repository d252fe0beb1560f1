package pmgr.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.cel.CelEngine;
import pmgr.model.ModelMethod;
import pmgr.model.ModelType;
import pmgr.store.RunLedger;
import pmgr.store.RunRecord;

/**
 * Starts runs: checks inputs before anything else, records the run, takes the workflow's lock
 * (bounded wait), sends the exchange through the workflow route on a run thread, and records the
 * outcome - including the declared steps that never ran.
 */
public final class WorkflowRunner {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowRunner.class);

    private final CamelContext camel;
    private final ProducerTemplate template;
    private final Workflows workflows;
    private final Definitions definitions;
    private final ModelRegistry registry;
    private final RunLedger ledger;
    private final RunEvents events;
    private final RunLocks locks;
    private final CelEngine cel;
    private final Duration defaultLockWait;
    private final ExecutorService executor;
    private final Map<String, CompletableFuture<Void>> active = new ConcurrentHashMap<>();
    private final Map<String, RunContext> activeRuns = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timeouts;
    private volatile boolean stopping;
    /** Exchange property: the run took its lock while running (so it releases it). */
    private static final String LOCKED = "pmgr.locked";

    WorkflowRunner(CamelContext camel, Workflows workflows, Definitions definitions, ModelRegistry registry,
                   RunLedger ledger, RunEvents events, RunLocks locks, CelEngine cel, Duration defaultLockWait,
                   ExecutorService executor) {
        this.camel = camel;
        this.template = camel.createProducerTemplate();
        this.workflows = workflows;
        this.definitions = definitions;
        this.registry = registry;
        this.ledger = ledger;
        this.events = events;
        this.locks = locks;
        this.cel = cel;
        this.defaultLockWait = defaultLockWait;
        this.executor = executor;
        this.timeouts = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "pmgr-run-timeouts");
    }

    /**
     * Starts a workflow run and returns its id at once. Bad inputs fail here, listing every
     * problem, and no run is recorded.
     */
    public String start(String workflowName, Map<String, ?> inputs, String origin) {
        return start(workflowName, inputs, RunOptions.of(origin));
    }

    /**
     * As {@link #start(String, Map, String)}, with the caller's bounds: with {@code failIfBusy} a held
     * lock is a {@link BusyException} here (nothing recorded); with a timeout the run is stopped and
     * failed when it takes longer.
     */
    public String start(String workflowName, Map<String, ?> inputs, RunOptions options) {
        Workflow workflow = workflows.get(workflowName).orElseThrow(() -> new NotFoundException(
                "no workflow named '" + workflowName + "' (workflows: "
                        + workflows.all().stream().map(Workflow::name).collect(Collectors.joining(", ")) + ")"));
        Map<String, Object> checked = InputValidator.validate(workflow, inputs == null ? Map.of() : inputs, cel);
        String lockKey = workflow.lock() == null ? null : lockKey(workflow, checked);
        RunContext run = newRun("workflow", workflow.name(), options.origin(), checked, workflow.stepDescriptions());
        boolean locked = lockKey != null && options.failIfBusy();
        if (locked) {
            locks.acquireNow(lockKey, run);
        }
        try {
            record(run);
        } catch (RuntimeException e) {
            if (locked) {
                locks.release(lockKey, run);
            }
            throw e;
        }
        launch(run, options.timeout(), () -> executeWorkflow(run, workflow, lockKey, locked));
        return run.id();
    }

    /** Starts a single method call as a run of its own (kind {@code method}). */
    public String startMethod(String instance, String method, Map<String, ?> args, String origin) {
        return startMethod(instance, method, args, RunOptions.of(origin));
    }

    /**
     * As {@link #startMethod(String, String, Map, String)}, with a bound on the run. Arguments that
     * the method (or the definition's inputs) do not take, or that do not fit their declaration, fail
     * here and no run is recorded.
     */
    public String startMethod(String instance, String method, Map<String, ?> args, RunOptions options) {
        Definition d = definitions.get(instance).orElseThrow(() -> new NotFoundException(
                "no definition named '" + instance + "' (definitions: "
                        + definitions.all().stream().map(Definition::name).collect(Collectors.joining(", ")) + ")"));
        ModelType type = registry.get(d.type()).orElseThrow();
        ModelMethod<?> m = type.method(method).orElseThrow(() -> new NotFoundException(type.type() + " has no method '"
                + method + "' (methods: " + type.methods().stream().map(ModelMethod::name).collect(Collectors.joining(", ")) + ")"));
        String call = instance + "." + method;
        Map<String, Object> arguments = new LinkedHashMap<>(args == null ? Map.of() : args);
        MethodInvoker.checkStepArguments(d, m, arguments, call + " arguments");
        RunContext run = newRun("method", call, options.origin(), arguments, Map.of(call, m.description()));
        record(run);
        launch(run, options.timeout(), () -> executeMethod(run, call, arguments));
        return run.id();
    }

    /** Waits for a run this process started; returns its record. */
    public RunRecord await(String runId, Duration timeout) throws TimeoutException, InterruptedException {
        CompletableFuture<Void> f = active.get(runId);
        if (f != null) {
            try {
                f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // outcome is in the ledger
            } catch (TimeoutException e) {
                throw new TimeoutException("run " + runId + " did not finish within " + timeout.toSeconds() + "s");
            }
        }
        return ledger.get(runId).orElseThrow(() -> new NotFoundException("no run with id '" + runId + "'"));
    }

    /**
     * Starts a run unless one of this workflow is in progress (a schedule's tick): the check and the
     * start happen as one, so two ticks at the same instant cannot both start a run.
     */
    public synchronized java.util.Optional<String> startIfIdle(String workflowName, Map<String, ?> inputs, String origin) {
        if (isRunning(workflowName)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(start(workflowName, inputs, origin));
    }

    /**
     * Fails with {@link BusyException} when a run holds this lock key (e.g. {@code vm:allthemons}):
     * for callers that want to know before they ask a person anything. Starting is still the check
     * that counts.
     */
    public void checkNotBusy(String lockKey) {
        locks.checkFree(lockKey);
    }

    /** Whether a run of this workflow is in progress. */
    public boolean isRunning(String workflowName) {
        return activeRuns.values().stream().anyMatch(r -> r.kind().equals("workflow") && r.target().equals(workflowName));
    }

    private RunContext newRun(String kind, String target, String origin, Map<String, Object> inputs,
                              Map<String, String> descriptions) {
        if (stopping) {
            throw new IllegalStateException("pmgr is stopping: " + target + " was not started");
        }
        return new RunContext(UUID.randomUUID().toString(), kind, target, origin, inputs, Instant.now(),
                descriptions, ledger, events);
    }

    private void record(RunContext run) {
        ledger.createRun(run.id(), run.kind(), run.target(), run.origin(), run.inputs(), run.startedAt());
    }

    private void launch(RunContext run, Duration timeout, Runnable body) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        active.put(run.id(), f);
        activeRuns.put(run.id(), run);
        events.publish(l -> l.runStarted(run));
        executor.execute(() -> {
            ScheduledFuture<?> bound = timeout == null ? null
                    : timeouts.schedule(run.bound(timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                body.run();
            } catch (RuntimeException e) {
                LOG.error("run {} ended unexpectedly", run.id(), e);
            } finally {
                if (bound != null) {
                    bound.cancel(false);
                }
                run.ended();
                activeRuns.remove(run.id());
                f.complete(null);
                // keep the future briefly for late awaiters, then forget it
                CompletableFuture.delayedExecutor(1, TimeUnit.MINUTES).execute(() -> active.remove(run.id()));
            }
        });
    }

    private String lockKey(Workflow workflow, Map<String, Object> inputs) {
        Object key = cel.evaluate(workflow.lock(), cel.bindings().inputs(inputs));
        if (key == null || key.toString().isBlank()) {
            throw new ArgumentException("lock of workflow " + workflow.name(),
                    List.of("'" + workflow.lock() + "' gave no key for these inputs"));
        }
        return key.toString();
    }

    private void executeWorkflow(RunContext run, Workflow workflow, String lockKey, boolean alreadyLocked) {
        String status = RunLedger.SUCCEEDED;
        String error = null;
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(RunContext.PROPERTY, run);
        try {
            run.bounded(() -> {
                try {
                    if (lockKey != null && !alreadyLocked) {
                        locks.acquire(lockKey, run, workflow.lockWait() == null ? defaultLockWait : workflow.lockWait());
                        exchange.setProperty(LOCKED, true);
                    }
                    template.send(Workflow.endpoint(workflow.name()), exchange);
                } catch (InterruptedException e) {
                    exchange.setException(new IllegalStateException("interrupted while waiting for lock '" + lockKey + "'"));
                }
            });
            if (exchange.getException() != null) {
                status = RunLedger.FAILED;
                error = Errors.describe(exchange.getException());
            }
        } catch (RuntimeException e) {
            status = RunLedger.FAILED;
            error = Errors.describe(e);
        } finally {
            if (alreadyLocked || exchange.getProperty(LOCKED, false, Boolean.class)) {
                locks.release(lockKey, run);
            }
        }
        recordSkipped(run, workflow, error);
        finish(run, status, error);
    }

    private void executeMethod(RunContext run, String call, Map<String, Object> args) {
        StepFrame frame = run.stepStarted(call, null);
        String status = RunLedger.SUCCEEDED;
        String error = null;
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(RunContext.PROPERTY, run);
        exchange.setProperty(StepFrame.PROPERTY, frame);
        exchange.setVariable(MethodInvoker.ARGS, args);
        run.bounded(() -> template.send("direct:" + call, exchange));
        if (exchange.getException() != null) {
            status = RunLedger.FAILED;
            error = Errors.describe(exchange.getException());
        }
        run.stepFinished(frame, status, error);
        finish(run, status, error);
    }

    /** Declared steps that never started are recorded as skipped, with why. */
    private void recordSkipped(RunContext run, Workflow workflow, String error) {
        Set<String> ran = ledger.get(run.id()).map(r -> r.steps().stream().map(RunRecord.StepRecord::stepId)
                .collect(Collectors.toSet())).orElse(Set.of());
        for (Workflow.Step s : workflow.steps()) {
            if (!ran.contains(s.id())) {
                String reason = error == null ? "not taken (condition)" : "not reached: the run failed before it";
                ledger.skipStep(run.id(), run.nextStepSeq(), s.id(), s.description(), reason);
            }
        }
    }

    /**
     * The process is stopping: no new run starts, and runs still going are interrupted by the
     * executor's shutdown and recorded as INTERRUPTED, not as failures of their own.
     */
    void stopping() {
        stopping = true;
    }

    private void finish(RunContext run, String status, String error) {
        if (stopping && RunLedger.FAILED.equals(status)) {
            status = RunLedger.INTERRUPTED;
            error = "pmgr stopped while the run was going" + (error == null ? "" : " (" + error + ")");
        } else if (run.timedOut() != null) {
            status = RunLedger.FAILED;
            error = "timed out after " + pmgr.config.Durations.format(run.timedOut());
        }
        String finalStatus = status;
        String finalError = error;
        ledger.finishRun(run.id(), finalStatus, finalError, Instant.now());
        events.publish(l -> l.runFinished(run, finalStatus, finalError));
    }

    /** The thing asked for does not exist. */
    public static final class NotFoundException extends RuntimeException {
        public NotFoundException(String message) {
            super(message);
        }
    }
}
