package pmgr.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow: a Camel YAML route in {@code routes/} (route id = name, description = what it does)
 * plus the header its file declares (inputs, lock). Its steps are the route's {@code step} EIPs.
 *
 * @param lock CEL over {@code inputs} giving the lock key, or null for no lock
 * @param lockWait how long a run waits for the lock, or null for the configured default
 */
public record Workflow(String name, String description, Path file, List<WorkflowInput> inputs, String lock,
                       Duration lockWait, List<Step> steps) {

    /** A step as declared: its id (the step name) and what it does. */
    public record Step(String id, String description) {
    }

    public static String endpoint(String name) {
        return "direct:workflow." + name;
    }

    Map<String, String> stepDescriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        steps.forEach(s -> m.put(s.id(), s.description()));
        return m;
    }
}
