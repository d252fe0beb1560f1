package pmgr.engine;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.model.CatchDefinition;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.StepDefinition;
import org.apache.camel.model.TryDefinition;

/**
 * A best-effort step (the workflow header's {@code bestEffort: [annotate]}): its body runs in a
 * {@code doTry}, and a failure is caught, logged as a warning and recorded as the step's status
 * {@code WARNING}, so the run goes on and can still succeed. For steps such as marking a game start
 * on a dashboard, which must not turn a started server into a failed command.
 */
final class StepWarning {
    /** Set by the catch, read (and cleared) when the step completes. */
    static final String PROPERTY = "pmgr.step.warning";

    private static final Processor RECORD = exchange -> {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String why = caught == null ? "failed" : Errors.describe(caught instanceof Exception e ? e : new RuntimeException(caught));
        exchange.setProperty(PROPERTY, why);
        RunContext run = RunContext.of(exchange);
        StepFrame step = exchange.getProperty(StepFrame.PROPERTY, StepFrame.class);
        if (run != null) {
            run.log(step == null ? null : step.seq(), "engine", "warning: this step failed and the run goes on: " + why);
        }
    };

    private StepWarning() {
    }

    /** Moves the step's body into a doTry whose catch records the warning. */
    static void wrap(StepDefinition step) {
        List<ProcessorDefinition<?>> body = new ArrayList<>(step.getOutputs());
        step.getOutputs().clear();
        TryDefinition attempt = new TryDefinition();
        body.forEach(attempt::addOutput);
        CatchDefinition caught = new CatchDefinition();
        caught.setExceptions(new ArrayList<>(List.of(Exception.class.getName())));
        caught.addOutput(new ProcessDefinition(RECORD));
        attempt.addOutput(caught);
        step.addOutput(attempt);
    }

    /** The warning a completed step carries (and no longer carries after this), or null. */
    static String take(Exchange exchange) {
        return (String) exchange.removeProperty(PROPERTY);
    }
}
