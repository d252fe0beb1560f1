package pmgr.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One declared input of a workflow.
 *
 * @param type string, integer, number, boolean, list or map
 * @param pattern a regular expression a string input must match entirely (null = any)
 * @param patternHint what the pattern means, for the error (null: the error shows the pattern)
 * @param allowed the only values accepted (null = any)
 * @param secret masked in run records and output
 * @param defaultValue the value when not given; text with {@code ${{ }}} is worked out from the other inputs
 */
public record WorkflowInput(String name, String type, boolean required, @JsonProperty("default") Object defaultValue,
                            String description, String pattern, @JsonProperty("enum") List<Object> allowed, boolean secret,
                            String patternHint) {
    public static final List<String> TYPES = List.of("string", "integer", "number", "boolean", "list", "map");

    /** A default written as {@code ${{ CEL }}} over the other inputs, worked out when the input is not given. */
    public boolean defaultIsComputed() {
        return defaultValue instanceof String s && pmgr.cel.Template.hasExpressions(s);
    }
}
