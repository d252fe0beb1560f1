package pmgr.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One declared argument, as shown by {@code model types} and {@code workflow describe}. */
@JsonPropertyOrder({"name", "type", "required", "nullable", "default", "description", "pattern", "patternHint"})
public record ArgumentInfo(String name, String type, boolean required, @JsonProperty("default") Object defaultValue,
                           boolean nullable, String description, String pattern, String patternHint) {
}
