package pmgr.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import pmgr.common.Secrets;
import pmgr.common.Values;

/**
 * Checks a run's inputs against the workflow's declaration before the first step: converts text to
 * the declared types, applies defaults, and reports every missing, unknown or ill-typed input at once.
 */
final class InputValidator {
    private InputValidator() {
    }

    static Map<String, Object> validate(Workflow workflow, Map<String, ?> supplied) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, WorkflowInput> declared = new LinkedHashMap<>();
        workflow.inputs().forEach(i -> declared.put(i.name(), i));
        for (String key : supplied.keySet()) {
            if (!declared.containsKey(key)) {
                problems.add("unknown input '" + key + "' (" + (declared.isEmpty() ? "this workflow takes no inputs"
                        : "inputs: " + String.join(", ", declared.keySet())) + ")");
            }
        }
        for (WorkflowInput in : declared.values()) {
            Object raw = supplied.get(in.name());
            if (raw == null || (raw instanceof String s && s.isEmpty() && !in.type().equals("string"))) {
                if (in.defaultValue() != null) {
                    out.put(in.name(), in.defaultValue());
                } else if (in.required()) {
                    problems.add("input '" + in.name() + "' is required (" + in.description() + ")");
                } else {
                    out.put(in.name(), null);
                }
                continue;
            }
            try {
                Object value = convert(in, raw);
                if (value instanceof String s && in.pattern() != null && !Pattern.compile(in.pattern()).matcher(s).matches()) {
                    problems.add("input '" + in.name() + "' must match " + in.pattern() + ", got '" + s + "'");
                    continue;
                }
                if (in.allowed() != null && !in.allowed().contains(value)) {
                    problems.add("input '" + in.name() + "' must be one of " + in.allowed() + ", got '" + value + "'");
                    continue;
                }
                if (in.secret() && value instanceof String s) {
                    Secrets.register(s);
                }
                out.put(in.name(), value);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ArgumentException("inputs of workflow " + workflow.name(), problems);
        }
        return out;
    }

    static Object convert(WorkflowInput in, Object raw) {
        String what = "input '" + in.name() + "'";
        return switch (in.type()) {
            case "string" -> Values.convert(raw, String.class, Object.class, what);
            case "integer" -> Values.convert(raw, Long.class, Object.class, what);
            case "number" -> Values.convert(raw, Double.class, Object.class, what);
            case "boolean" -> Values.convert(raw, Boolean.class, Object.class, what);
            case "list" -> Values.convert(raw, List.class, Object.class, what);
            case "map" -> Values.convert(raw, Map.class, Object.class, what);
            default -> throw new IllegalStateException("unknown input type " + in.type());
        };
    }
}
