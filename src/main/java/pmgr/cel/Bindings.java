package pmgr.cel;

import java.util.HashMap;
import java.util.Map;

/**
 * The variables of one evaluation. Built by {@link CelEngine#bindings()} with the process-wide ones
 * ({@code model}, {@code vault}, {@code definitions}, {@code env}); callers add the rest.
 */
public final class Bindings {
    final Map<String, Object> vars = new HashMap<>();

    Bindings() {
    }

    public Bindings inputs(Map<String, ?> inputs) {
        return map("inputs", inputs);
    }

    public Bindings run(Map<String, ?> run) {
        return map("run", run);
    }

    public Bindings body(Object body) {
        vars.put("body", CelValues.in(body, new CelMap.Path(null, "body"), null));
        return this;
    }

    public Bindings headers(Map<String, ?> headers) {
        return map("headers", headers);
    }

    public Bindings variables(Map<String, ?> variables) {
        return map("variables", variables);
    }

    private Bindings map(String name, Map<String, ?> value) {
        vars.put(name, new CelMap.Plain(name, value == null ? Map.of() : value, null));
        return this;
    }
}
