package pmgr.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import pmgr.config.Durations;

/**
 * A file of {@code routes/}: Camel YAML, optionally with one {@code - workflow:} item declaring the
 * workflow's inputs and lock (read and commented out by {@link CamelYamlFile}).
 */
final class WorkflowFile {
    private static final Set<String> HEADER_KEYS = Set.of("inputs", "uses", "lock", "lockWait", "bestEffort");
    private static final Set<String> INPUT_KEYS = Set.of("type", "required", "default", "description", "pattern", "patternHint", "enum",
            "secret");

    final Path file;
    /** The text Camel reads: the original with the header item commented out. */
    final String camelText;
    /** Route ids declared in the file. */
    final List<String> routeIds;
    /** The header, or null for a plain route file (e.g. a schedule trigger). */
    final Map<String, Object> header;

    private WorkflowFile(CamelYamlFile yaml, Map<String, Object> header) {
        this.file = yaml.file;
        this.camelText = yaml.camelText;
        this.routeIds = yaml.routeIds;
        this.header = header;
    }

    /** The steps whose failure is a warning, not the run's failure (header key {@code bestEffort}). */
    Set<String> bestEffort(String where, List<String> problems) {
        Object declared = header == null ? null : header.get("bestEffort");
        if (declared == null) {
            return Set.of();
        }
        if (!(declared instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            problems.add(where + ".bestEffort must be a list of step ids, e.g. [annotate]");
            return Set.of();
        }
        return Set.copyOf(list.stream().map(String.class::cast).toList());
    }

    static WorkflowFile read(Path file, String text, List<String> problems) {
        int before = problems.size();
        CamelYamlFile yaml = CamelYamlFile.read(file, "routes/" + file.getFileName(), text, Set.of("workflow"), problems);
        if (yaml == null) {
            return null;
        }
        Map<String, Object> header = yaml.header("workflow", problems);
        return problems.size() > before ? null : new WorkflowFile(yaml, header);
    }

    /** Reads the header's inputs, lock and lock wait; problems name the file and key. */
    @SuppressWarnings("unchecked")
    Workflow toWorkflow(String name, String description, List<Workflow.Step> steps, pmgr.cel.CelEngine cel, Definitions definitions,
                        List<String> problems) {
        String where = "routes/" + file.getFileName() + ": workflow";
        for (String k : header.keySet()) {
            if (!HEADER_KEYS.contains(k)) {
                problems.add(where + ": unknown key '" + k + "' (allowed: " + String.join(", ", new TreeSet<>(HEADER_KEYS)) + ")");
            }
        }
        List<WorkflowInput> inputs = new ArrayList<>();
        Object declared = header.get("inputs");
        if (declared != null && !(declared instanceof Map)) {
            problems.add(where + ".inputs must be a map of input name to its declaration");
        } else if (declared != null) {
            ((Map<String, Object>) declared).forEach((inputName, spec) -> {
                WorkflowInput in = input(where + ".inputs." + inputName, inputName, spec, cel, problems);
                if (in != null) {
                    inputs.add(in);
                }
            });
        }
        // the inputs of the definitions it drives, as they declare them (its own declarations win)
        Object uses = header.get("uses");
        List<Object> used = uses == null ? List.of() : uses instanceof List<?> l ? List.copyOf((List<Object>) l) : List.of(uses);
        int at = 0;
        for (Object definitionName : used) {
            Definition d = definitions.get(String.valueOf(definitionName)).orElse(null);
            if (d == null) {
                problems.add(where + ".uses: no definition named '" + definitionName + "'");
                continue;
            }
            for (WorkflowInput in : d.inputs()) {
                if (inputs.stream().noneMatch(own -> own.name().equals(in.name()))) {
                    inputs.add(at++, in);
                }
            }
        }
        String lock = null;
        if (header.get("lock") != null) {
            if (header.get("lock") instanceof String s && !s.isBlank()) {
                lock = s;
            } else {
                problems.add(where + ".lock must be a CEL expression over inputs, e.g. \"'vm:' + inputs.vmName\"");
            }
        }
        Duration lockWait = null;
        if (header.get("lockWait") != null) {
            try {
                lockWait = Durations.parse(where + ".lockWait", String.valueOf(header.get("lockWait")));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return new Workflow(name, description, file, List.copyOf(inputs), lock, lockWait, List.copyOf(steps));
    }

    @SuppressWarnings("unchecked")
    static WorkflowInput input(String at, String name, Object spec, pmgr.cel.CelEngine cel, List<String> problems) {
        if (!(spec instanceof Map<?, ?>)) {
            problems.add(at + " must be a map with type, required, description...");
            return null;
        }
        Map<String, Object> m = (Map<String, Object>) spec;
        int before = problems.size();
        for (String k : m.keySet()) {
            if (!INPUT_KEYS.contains(k)) {
                problems.add(at + ": unknown key '" + k + "' (allowed: " + String.join(", ", new TreeSet<>(INPUT_KEYS)) + ")");
            }
        }
        String type = m.get("type") == null ? "string" : String.valueOf(m.get("type"));
        if (!WorkflowInput.TYPES.contains(type)) {
            problems.add(at + ".type must be one of " + WorkflowInput.TYPES + ", got '" + type + "'");
        }
        String description = m.get("description") instanceof String s ? s : null;
        if (description == null || description.isBlank()) {
            problems.add(at + ".description is required (people and the bot read it)");
        }
        boolean required = Boolean.TRUE.equals(m.get("required"));
        boolean secret = Boolean.TRUE.equals(m.get("secret"));
        String pattern = m.get("pattern") == null ? null : String.valueOf(m.get("pattern"));
        if (pattern != null) {
            try {
                java.util.regex.Pattern.compile(pattern);
            } catch (java.util.regex.PatternSyntaxException e) {
                problems.add(at + ".pattern is not a valid regular expression: " + e.getDescription());
            }
        }
        String patternHint = m.get("patternHint") instanceof String h && !h.isBlank() ? h : null;
        List<Object> allowed = m.get("enum") instanceof List<?> l ? List.copyOf((List<Object>) l) : null;
        if (m.containsKey("enum") && allowed == null) {
            problems.add(at + ".enum must be a list");
        }
        if (problems.size() > before) {
            return null;
        }
        WorkflowInput in = new WorkflowInput(name, type, required, null, description, pattern, allowed, secret, patternHint);
        Object dflt = m.get("default");
        if (dflt instanceof String text && pmgr.cel.Template.hasExpressions(text)) {
            for (String expression : pmgr.cel.Template.expressionsIn(text)) {
                try {
                    cel.compile(expression);
                } catch (pmgr.cel.CelException e) {
                    problems.add(at + ".default: " + e.getMessage());
                    return null;
                }
            }
            return new WorkflowInput(name, type, required, text, description, pattern, allowed, secret, patternHint);
        }
        if (dflt != null) {
            try {
                in = new WorkflowInput(name, type, required, InputValidator.convert(in, dflt), description, pattern, allowed, secret,
                        patternHint);
            } catch (IllegalArgumentException e) {
                problems.add(at + ".default: " + e.getMessage());
                return null;
            }
        }
        return in;
    }
}
