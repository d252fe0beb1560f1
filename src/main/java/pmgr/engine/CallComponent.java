package pmgr.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.service.ServiceHelper;
import pmgr.cel.Bindings;
import pmgr.cel.CelEngine;
import pmgr.cel.CelException;
import pmgr.model.ModelMethod;
import pmgr.model.ModelType;

/**
 * A model method call as one line of a workflow:
 * {@code - to: {uri: "call:fleet.stop", parameters: {vmName: inputs.vmName, vmid: inputs.vmid}}}.
 * Each parameter is an argument of the method (or an input the definition reads) and its value a
 * CEL expression, evaluated against the exchange at the call. The call goes through the method's
 * route {@code direct:<instance>.<method>}, so Hawtio counts it there. The instance, the method and
 * the argument names are checked, and the expressions compiled, when the workflow is loaded.
 */
final class CallComponent extends DefaultComponent {
    private final Definitions definitions;
    private final ModelRegistry registry;
    private final CelEngine cel;
    private final ExchangeCelBindings bindings;

    CallComponent(Definitions definitions, ModelRegistry registry, CelEngine cel) {
        this.definitions = definitions;
        this.registry = registry;
        this.cel = cel;
        this.bindings = new ExchangeCelBindings(cel);
    }

    /**
     * The parameters are CEL, taken as written: a decoded query would turn {@code a + b} into
     * {@code a   b} ('+' is a space in a URI query).
     */
    @Override
    public boolean useRawUri() {
        return true;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        int dot = remaining.lastIndexOf('.');
        if (dot <= 0 || dot == remaining.length() - 1) {
            throw new IllegalArgumentException(uri + ": name the call as call:<instance>.<method>");
        }
        String instance = remaining.substring(0, dot);
        String methodName = remaining.substring(dot + 1);
        Definition definition = definitions.get(instance).orElseThrow(() -> new IllegalArgumentException(
                uri + ": no definition named '" + instance + "' (definitions: " + String.join(", ", definitions.all().stream().map(Definition::name).sorted().toList()) + ")"));
        ModelType type = registry.get(definition.type()).orElseThrow();
        ModelMethod<?> method = type.method(methodName).orElseThrow(() -> new IllegalArgumentException(
                uri + ": " + type.type() + " has no method '" + methodName + "' (methods: "
                        + String.join(", ", type.methods().stream().map(ModelMethod::name).toList()) + ")"));
        Map<String, String> expressions = new LinkedHashMap<>();
        parameters.forEach((k, v) -> expressions.put(k, String.valueOf(v)));
        parameters.clear();
        List<String> problems = new ArrayList<>();
        Set<String> allowed = MethodInvoker.stepArgumentNames(definition, method);
        expressions.forEach((name, expression) -> {
            if (!allowed.contains(name)) {
                problems.add("unknown argument '" + name + "' (known: " + String.join(", ", allowed) + ")");
            } else {
                try {
                    cel.compile(expression);
                } catch (CelException e) {
                    problems.add("argument '" + name + "': " + e.getMessage());
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new ArgumentException(instance + "." + methodName + " call arguments", problems);
        }
        return new CallEndpoint(uri, this, "direct:" + instance + "." + methodName, expressions);
    }

    private final class CallEndpoint extends DefaultEndpoint {
        private final String methodRoute;
        private final Map<String, String> expressions;

        CallEndpoint(String uri, CallComponent component, String methodRoute, Map<String, String> expressions) {
            super(uri, component);
            this.methodRoute = methodRoute;
            this.expressions = expressions;
        }

        @Override
        public Producer createProducer() {
            return new DefaultProducer(this) {
                private AsyncProducer route;

                @Override
                protected void doStart() throws Exception {
                    route = getCamelContext().getEndpoint(methodRoute).createAsyncProducer();
                    ServiceHelper.startService(route);
                }

                @Override
                protected void doStop() {
                    ServiceHelper.stopService(route);
                }

                @Override
                public void process(Exchange exchange) throws Exception {
                    Bindings b = bindings.forExchange(exchange);
                    Map<String, Object> args = new LinkedHashMap<>();
                    expressions.forEach((name, expression) -> args.put(name, cel.evaluate(expression, b)));
                    exchange.setVariable(MethodInvoker.ARGS, args);
                    route.process(exchange);
                }
            };
        }

        @Override
        public org.apache.camel.Consumer createConsumer(org.apache.camel.Processor processor) {
            throw new UnsupportedOperationException(getEndpointUri() + " calls a model method (use it in 'to')");
        }
    }
}
