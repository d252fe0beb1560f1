package pmgr.engine;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code workflow:<name>?origin=schedule&skipIfRunning=true}: starts a run of a workflow from any
 * route (a schedule, a webhook). The message body, if a map, gives the inputs. With
 * {@code skipIfRunning}, a workflow that is still running is not started again - the tick is logged
 * and skipped, never stacked. The run's id (or nothing, when skipped) is set as the body.
 */
final class WorkflowComponent extends DefaultComponent {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowComponent.class);
    private final java.util.function.Supplier<WorkflowRunner> runner;

    WorkflowComponent(java.util.function.Supplier<WorkflowRunner> runner) {
        this.runner = runner;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        String origin = (String) parameters.remove("origin");
        boolean skipIfRunning = Boolean.parseBoolean(String.valueOf(parameters.remove("skipIfRunning")));
        if (!parameters.isEmpty()) {
            throw new IllegalArgumentException(uri + ": unknown options " + parameters.keySet() + " (known: origin, skipIfRunning)");
        }
        return new WorkflowEndpoint(uri, this, remaining, origin == null ? "route" : origin, skipIfRunning);
    }

    private final class WorkflowEndpoint extends DefaultEndpoint {
        private final String workflow;
        private final String origin;
        private final boolean skipIfRunning;

        WorkflowEndpoint(String uri, WorkflowComponent component, String workflow, String origin, boolean skipIfRunning) {
            super(uri, component);
            this.workflow = workflow;
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
                    java.util.Optional<String> id = skipIfRunning ? r.startIfIdle(workflow, inputs, origin)
                            : java.util.Optional.of(r.start(workflow, inputs, origin));
                    if (id.isEmpty()) {
                        LOG.info("{} tick skipped: {} is still running from the previous one", origin, workflow);
                    } else {
                        LOG.info("{} started {} (run {})", origin, workflow, id.get());
                    }
                    exchange.getMessage().setBody(id.orElse(null));
                }
            };
        }

        @Override
        public org.apache.camel.Consumer createConsumer(org.apache.camel.Processor processor) {
            throw new UnsupportedOperationException("workflow: only starts runs (use it in 'to')");
        }
    }
}
