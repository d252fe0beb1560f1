package pmgr.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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
@JsonPropertyOrder({"name", "description", "inputs", "lock", "steps", "file"})
public record Workflow(String name, String description, @JsonIgnore Path file, List<WorkflowInput> inputs, String lock,
                       @JsonIgnore Duration lockWait, List<Step> steps) {

    /** A step as declared: its id (the step name) and what it does. */
    public record Step(String id, String description) {
    }

    /** The file as the application's layout names it, e.g. {@code routes/stop-vm.yaml}. */
    @JsonProperty("file")
    public String shownFile() {
        return "routes/" + file.getFileName();
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
