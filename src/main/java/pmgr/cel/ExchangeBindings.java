package pmgr.cel;

import org.apache.camel.Exchange;

/** Builds the CEL variables for an exchange that flows through a workflow (its run and inputs). */
public interface ExchangeBindings {
    Bindings forExchange(Exchange exchange);
}
