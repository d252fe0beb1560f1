package pmgr.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.common.Secrets;
import pmgr.store.RunLedger;

/**
 * One run while it executes: its identity and inputs, and the single place that records its steps
 * and log lines (ledger first, then listeners). Carried on the exchange as a property.
 */
public final class RunContext {
    public static final String PROPERTY = "pmgr.run";
    private static final Logger LOG = LoggerFactory.getLogger("pmgr.run");

    private final String id;
    private final String kind;
    private final String target;
    private final String origin;
    private final Map<String, Object> inputs;
    private final Instant startedAt;
    private final Map<String, String> stepDescriptions;
    private final RunLedger ledger;
    private final RunEvents events;
    private final AtomicInteger stepSeq = new AtomicInteger();
    private final AtomicInteger logSeq = new AtomicInteger();
    /** Guards the bound: a timeout never interrupts a thread that has moved on to other work. */
    private final Object boundLock = new Object();
    private boolean ended;
    private Thread worker;
    private Duration timedOut;

    RunContext(String id, String kind, String target, String origin, Map<String, Object> inputs, Instant startedAt,
               Map<String, String> stepDescriptions, RunLedger ledger, RunEvents events) {
        this.id = id;
        this.kind = kind;
        this.target = target;
        this.origin = origin;
        this.inputs = inputs;
        this.startedAt = startedAt;
        this.stepDescriptions = stepDescriptions;
        this.ledger = ledger;
        this.events = events;
    }

    public static RunContext of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, RunContext.class);
    }

    public String id() {
        return id;
    }

    public String kind() {
        return kind;
    }

    public String target() {
        return target;
    }

    public String origin() {
        return origin;
    }

    public Map<String, Object> inputs() {
        return inputs;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The {@code run} variable of CEL. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("kind", kind);
        m.put("workflow", kind.equals("workflow") ? target : null);
        m.put("origin", origin);
        m.put("startedAt", startedAt.toString());
        return m;
    }

    String describe(String stepId) {
        return stepDescriptions.getOrDefault(stepId, "");
    }

    StepFrame stepStarted(String stepId, StepFrame parent) {
        StepFrame frame = new StepFrame(stepSeq.incrementAndGet(), stepId, Instant.now(), parent);
        String description = describe(stepId);
        ledger.startStep(id, frame.seq(), stepId, description, frame.startedAt());
        events.publish(l -> l.stepStarted(this, frame.seq(), stepId, description));
        return frame;
    }

    void stepFinished(StepFrame frame, String status, String error) {
        Instant now = Instant.now();
        String shown = error == null ? null : Secrets.mask(error);
        ledger.finishStep(id, frame.seq(), status, shown, now);
        Duration took = Duration.between(frame.startedAt(), now);
        events.publish(l -> l.stepFinished(this, frame.seq(), frame.stepId(), status, shown, took));
    }

    int nextStepSeq() {
        return stepSeq.incrementAndGet();
    }

    /** What the run's bound does when it fires: marks the run timed out and interrupts its work. */
    Runnable bound(Duration limit) {
        return () -> {
            synchronized (boundLock) {
                if (!ended) {
                    timedOut = limit;
                    LOG.warn("[{}] run {} timed out after {}; stopping it", target, id, pmgr.config.Durations.format(limit));
                    if (worker != null) {
                        worker.interrupt();
                    }
                }
            }
        };
    }

    /**
     * Does the run's work where its bound can interrupt it; the recording around it (ledger, lock
     * release) is never interrupted. Work that starts after the bound fired is not started at all.
     */
    void bounded(Runnable work) {
        synchronized (boundLock) {
            if (timedOut != null) {
                return;
            }
            worker = Thread.currentThread();
        }
        try {
            work.run();
        } finally {
            synchronized (boundLock) {
                worker = null;
                Thread.interrupted();
            }
        }
    }

    /** The run is over: a bound firing from now on does nothing. */
    void ended() {
        synchronized (boundLock) {
            ended = true;
        }
    }

    /** The bound that stopped the run, or null. */
    Duration timedOut() {
        synchronized (boundLock) {
            return timedOut;
        }
    }

    /** Records a log line of a step (null = the run itself). */
    public void log(Integer stepSeqOrNull, String source, String line) {
        String masked = Secrets.mask(line);
        ledger.log(id, logSeq.incrementAndGet(), stepSeqOrNull, source, masked, Instant.now());
        LOG.info("[{} {}] {}", target, source == null ? "-" : source, masked);
        events.publish(l -> l.logged(this, stepSeqOrNull, source, masked));
    }
}
