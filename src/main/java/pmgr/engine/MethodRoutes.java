package pmgr.engine;

import org.apache.camel.builder.RouteBuilder;
import pmgr.model.ModelMethod;
import pmgr.model.ModelType;

/**
 * One route per definition and method: {@code direct:<instance>.<method>}, route id the same,
 * group {@code model:<type>}. This is what Hawtio shows and counts for every model call.
 */
final class MethodRoutes extends RouteBuilder {
    private final ModelRegistry registry;
    private final Definitions definitions;
    private final MethodInvoker invoker;
    private final java.util.Set<String> only;

    /** {@code only}: the definitions whose methods get routes (a CLI run of one workflow), or null for all. */
    MethodRoutes(ModelRegistry registry, Definitions definitions, MethodInvoker invoker, java.util.Set<String> only) {
        this.only = only;
        this.registry = registry;
        this.definitions = definitions;
        this.invoker = invoker;
    }

    @Override
    public void configure() {
        for (Definition d : definitions.all()) {
            if (only != null && !only.contains(d.name())) {
                continue;
            }
            ModelType type = registry.get(d.type()).orElseThrow();
            for (ModelMethod<?> m : type.methods()) {
                String id = d.name() + "." + m.name();
                from("direct:" + id).routeId(id).routeGroup("model:" + type.type()).routeDescription(m.description())
                        .errorHandler(noErrorHandler())
                        .process(exchange -> invoker.invoke(exchange, d.name(), m.name()));
            }
        }
    }
}
