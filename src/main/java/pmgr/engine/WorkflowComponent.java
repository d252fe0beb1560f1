package pmgr.engine;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts runs from any route (a schedule, a webhook, the Discord bot):
 * {@code workflow:<name>?origin=schedule&skipIfRunning=true} starts a workflow, and
 * {@code method:<instance>.<method>} a single method call. The message body, if a map, gives the
 * inputs (or arguments). A {@link RunOptions} exchange property, when set, gives the origin and the
 * caller's bounds and wins over the {@code origin} option. With {@code skipIfRunning}, a workflow that
 * is still running is not started again - the tick is logged and skipped, never stacked. The run's id
 * (or nothing, when skipped) is set as the body.
 */
final class WorkflowComponent extends DefaultComponent {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowComponent.class);
    private final Supplier<WorkflowRunner> runner;
    private final boolean methods;

    /** The {@code workflow:} component, or with {@code methods} the {@code method:} one. */
    WorkflowComponent(Supplier<WorkflowRunner> runner, boolean methods) {
        this.runner = runner;
        this.methods = methods;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        String origin = (String) parameters.remove("origin");
        boolean skipIfRunning = !methods && Boolean.parseBoolean(String.valueOf(parameters.remove("skipIfRunning")));
        if (!parameters.isEmpty()) {
            throw new IllegalArgumentException(uri + ": unknown options " + parameters.keySet() + " (known: origin"
                    + (methods ? "" : ", skipIfRunning") + ")");
        }
        if (methods && remaining.indexOf('.') <= 0) {
            throw new IllegalArgumentException(uri + ": name the call as method:<instance>.<method>");
        }
        return new RunEndpoint(uri, this, remaining, origin == null ? "route" : origin, skipIfRunning);
    }

    private final class RunEndpoint extends DefaultEndpoint {
        private final String target;
        private final String origin;
        private final boolean skipIfRunning;

        RunEndpoint(String uri, WorkflowComponent component, String target, String origin, boolean skipIfRunning) {
            super(uri, component);
            this.target = target;
            this.origin = origin;
            this.skipIfRunning = skipIfRunning;
        }

        @Override
        public Producer createProducer() {
            return new DefaultProducer(this) {
                @Override
                @SuppressWarnings("unchecked")
                public void process(Exchange exchange) {
                    WorkflowRunner r = runner.get();
                    Object body = exchange.getMessage().getBody();
                    Map<String, Object> inputs = body instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                    RunOptions options = exchange.getProperty(RunOptions.PROPERTY, RunOptions.of(origin), RunOptions.class);
                    Optional<String> id;
                    if (methods) {
                        int dot = target.lastIndexOf('.');
                        id = Optional.of(r.startMethod(target.substring(0, dot), target.substring(dot + 1), inputs, options));
                    } else {
                        id = skipIfRunning ? r.startIfIdle(target, inputs, options.origin())
                                : Optional.of(r.start(target, inputs, options));
                    }
                    if (id.isEmpty()) {
                        pmgr.common.Meters.count("pmgr.schedule.skipped", "workflow", target);
                        LOG.info("{} tick skipped: {} is still running from the previous one", options.origin(), target);
                    } else {
                        LOG.info("{} started {} (run {})", options.origin(), target, id.get());
                    }
                    exchange.getMessage().setBody(id.orElse(null));
                }
            };
        }

        @Override
        public org.apache.camel.Consumer createConsumer(org.apache.camel.Processor processor) {
            throw new UnsupportedOperationException(getEndpointUri() + " only starts runs (use it in 'to')");
        }
    }
}
