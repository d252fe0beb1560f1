package pmgr.engine;

import org.apache.camel.Exchange;
import pmgr.cel.Bindings;
import pmgr.cel.CelEngine;
import pmgr.cel.ExchangeBindings;

/** CEL variables for an exchange in a workflow: the run's inputs and summary plus the message. */
final class ExchangeCelBindings implements ExchangeBindings {
    private final CelEngine cel;

    ExchangeCelBindings(CelEngine cel) {
        this.cel = cel;
    }

    @Override
    public Bindings forExchange(Exchange exchange) {
        Bindings b = cel.bindings();
        RunContext run = RunContext.of(exchange);
        if (run != null) {
            b.inputs(run.inputs()).run(run.summary());
        }
        return b.body(exchange.getMessage().getBody()).headers(exchange.getMessage().getHeaders())
                .variables(exchange.getVariables());
    }
}
