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
    }

    /**
     * Starts a workflow run and returns its id at once. Bad inputs fail here, listing every
     * problem, and no run is recorded.
     */
    public String start(String workflowName, Map<String, ?> inputs, String origin) {
        Workflow workflow = workflows.get(workflowName).orElseThrow(() -> new NotFoundException(
                "no workflow named '" + workflowName + "' (workflows: "
                        + workflows.all().stream().map(Workflow::name).collect(Collectors.joining(", ")) + ")"));
        Map<String, Object> checked = InputValidator.validate(workflow, inputs == null ? Map.of() : inputs);
        String lockKey = workflow.lock() == null ? null : lockKey(workflow, checked);
        RunContext run = newRun("workflow", workflow.name(), origin, checked, workflow.stepDescriptions());
        launch(run, () -> executeWorkflow(run, workflow, lockKey));
        return run.id();
    }

    /** Starts a single method call as a run of its own (kind {@code method}). */
    public String startMethod(String instance, String method, Map<String, ?> args, String origin) {
        Definition d = definitions.get(instance).orElseThrow(() -> new NotFoundException(
                "no definition named '" + instance + "' (definitions: "
                        + definitions.all().stream().map(Definition::name).collect(Collectors.joining(", ")) + ")"));
        ModelType type = registry.get(d.type()).orElseThrow();
        if (type.method(method).isEmpty()) {
            throw new NotFoundException(type.type() + " has no method '" + method + "' (methods: "
                    + type.methods().stream().map(ModelMethod::name).collect(Collectors.joining(", ")) + ")");
        }
        String call = instance + "." + method;
        Map<String, Object> arguments = new LinkedHashMap<>(args == null ? Map.of() : args);
        RunContext run = newRun("method", call, origin, arguments, Map.of(call, type.method(method).get().description()));
        launch(run, () -> executeMethod(run, call, arguments));
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

    /** Whether a run of this workflow is in progress. */
    public boolean isRunning(String workflowName) {
        return activeRuns.values().stream().anyMatch(r -> r.kind().equals("workflow") && r.target().equals(workflowName));
    }

    private RunContext newRun(String kind, String target, String origin, Map<String, Object> inputs,
                              Map<String, String> descriptions) {
        RunContext run = new RunContext(UUID.randomUUID().toString(), kind, target, origin, inputs, Instant.now(),
                descriptions, ledger, events);
        ledger.createRun(run.id(), kind, target, origin, inputs, run.startedAt());
        return run;
    }

    private void launch(RunContext run, Runnable body) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        active.put(run.id(), f);
        activeRuns.put(run.id(), run);
        events.publish(l -> l.runStarted(run));
        executor.execute(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                LOG.error("run {} ended unexpectedly", run.id(), e);
            } finally {
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

    private void executeWorkflow(RunContext run, Workflow workflow, String lockKey) {
        String status = RunLedger.SUCCEEDED;
        String error = null;
        boolean locked = false;
        try {
            if (lockKey != null) {
                locks.acquire(lockKey, run, workflow.lockWait() == null ? defaultLockWait : workflow.lockWait());
                locked = true;
            }
            Exchange exchange = new DefaultExchange(camel);
            exchange.setProperty(RunContext.PROPERTY, run);
            template.send(Workflow.endpoint(workflow.name()), exchange);
            if (exchange.getException() != null) {
                status = RunLedger.FAILED;
                error = Errors.describe(exchange.getException());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = RunLedger.FAILED;
            error = "interrupted while waiting for lock '" + lockKey + "'";
        } catch (RuntimeException e) {
            status = RunLedger.FAILED;
            error = Errors.describe(e);
        } finally {
            if (locked) {
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
        template.send("direct:" + call, exchange);
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

    private void finish(RunContext run, String status, String error) {
        ledger.finishRun(run.id(), status, error, Instant.now());
        events.publish(l -> l.runFinished(run, status, error));
    }

    /** The thing asked for does not exist. */
    public static final class NotFoundException extends RuntimeException {
        public NotFoundException(String message) {
            super(message);
        }
    }
}
