package pmgr.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import pmgr.cel.CelEngine;
import pmgr.cel.CelException;
import pmgr.cel.Template;
import pmgr.common.Secrets;
import pmgr.common.Values;

/**
 * Checks a run's inputs against the workflow's declaration before the first step: converts text to
 * the declared types, applies defaults, and reports every missing, unknown or ill-typed input at once.
 */
final class InputValidator {
    private InputValidator() {
    }

    /** The longest text an input may be (a list or map: as JSON); longer ones are refused, not stored. */
    static final int MAX_TEXT = 4096;

    static Map<String, Object> validate(Workflow workflow, Map<String, ?> supplied, CelEngine cel) {
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
        List<WorkflowInput> computed = new ArrayList<>();
        for (WorkflowInput in : declared.values()) {
            Object raw = supplied.get(in.name());
            if (raw == null || (raw instanceof String s && s.isEmpty() && !in.type().equals("string"))) {
                if (in.defaultIsComputed()) {
                    computed.add(in); // from the other inputs, once they are known
                } else if (in.defaultValue() != null) {
                    out.put(in.name(), in.defaultValue());
                } else if (in.required()) {
                    problems.add("input '" + in.name() + "' is required (" + in.description() + ")");
                } else {
                    out.put(in.name(), null);
                }
                continue;
            }
            check(in, raw, out, problems);
        }
        for (WorkflowInput in : computed) {
            try {
                Object value = Template.resolve(in.defaultValue(), cel, cel.bindings().inputs(out));
                if (value == null && in.required()) {
                    problems.add("input '" + in.name() + "' is required (" + in.description() + "); its default gave nothing");
                } else {
                    check(in, value, out, problems);
                }
            } catch (CelException e) {
                problems.add("input '" + in.name() + "' was not given and its default could not be worked out: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ArgumentException("inputs of workflow " + workflow.name(), problems);
        }
        return out;
    }

    /** Converts one value to the input's type and checks its rules (length, pattern, allowed values). */
    private static void check(WorkflowInput in, Object raw, Map<String, Object> out, List<String> problems) {
        try {
            Object value = convert(in, raw);
            int length = value instanceof String s ? s.length() : value instanceof Map || value instanceof List
                    ? pmgr.common.Json.write(value).length() : 0;
            if (length > MAX_TEXT) {
                problems.add("input '" + in.name() + "' is " + length + " characters long; at most " + MAX_TEXT + " are taken");
                return;
            }
            if (value instanceof String s && in.pattern() != null && !Pattern.compile(in.pattern()).matcher(s).matches()) {
                problems.add("input '" + in.name() + "' must " + (in.patternHint() != null ? "be " + in.patternHint() : "match "
                        + in.pattern()) + ", got '" + s + "'");
                return;
            }
            if (in.allowed() != null && !in.allowed().contains(value)) {
                problems.add("input '" + in.name() + "' must be one of " + in.allowed() + ", got '" + value + "'");
                return;
            }
            if (in.secret() && value instanceof String s) {
                Secrets.register(s);
            }
            out.put(in.name(), value);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
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
