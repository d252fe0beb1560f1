package pmgr.engine;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import pmgr.store.RunLedger;

/**
 * Turns Camel's step events into the run ledger's step records (and live events for listeners).
 * The current step travels on the exchange, so a parallel branch knows which step it belongs to.
 */
final class StepEventRecorder extends EventNotifierSupport {

    StepEventRecorder() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreStepEvents(false);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.StepEvent;
    }

    /**
     * Camel node ids are unique across all routes, so each workflow's nodes carry the prefix
     * {@code <workflow>.}; the step's name is what follows it.
     */
    private static String stepName(RunContext run, String nodeId) {
        String prefix = run.target() + ".";
        return nodeId.startsWith(prefix) ? nodeId.substring(prefix.length()) : nodeId;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.StepEvent e = (CamelEvent.StepEvent) event;
        Exchange exchange = e.getExchange();
        RunContext run = RunContext.of(exchange);
        if (run == null) {
            return;
        }
        StepFrame current = exchange.getProperty(StepFrame.PROPERTY, StepFrame.class);
        if (event instanceof CamelEvent.StepStartedEvent) {
            exchange.setProperty(StepFrame.PROPERTY, run.stepStarted(stepName(run, e.getStepId()), current));
        } else if (current != null) {
            boolean failed = event instanceof CamelEvent.StepFailedEvent;
            String warning = StepWarning.take(exchange);
            if (failed) {
                run.stepFinished(current, RunLedger.FAILED, exchange.getException() != null ? Errors.describe(exchange.getException()) : null);
            } else {
                run.stepFinished(current, warning == null ? RunLedger.SUCCEEDED : RunLedger.WARNING, warning);
            }
            exchange.setProperty(StepFrame.PROPERTY, current.parent());
        }
    }
}
