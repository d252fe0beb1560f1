package pmgr.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A model instance as written in {@code definitions/<name>.yaml}. Argument values may hold
 * {@code ${{ CEL }}}; they are resolved each time a method is called.
 *
 * @param inputsRead names of {@code inputs.*} the definition's expressions read
 * @param modelsRead names of other instances its expressions read
 * @param inputs the run inputs it declares, for the workflows that drive it ({@code uses:} in their header)
 */
@JsonPropertyOrder({"name", "type", "description", "file", "globalArguments", "methods"})
public record Definition(String name, String type, String description, Map<String, Object> globalArguments,
                         @JsonIgnore Map<String, Map<String, Object>> methodArguments, @JsonIgnore Path file,
                         @JsonIgnore Set<String> inputsRead, @JsonIgnore Set<String> modelsRead,
                         @JsonIgnore java.util.List<WorkflowInput> inputs) {

    /** The file as the application's layout names it, e.g. {@code definitions/fleet.yaml}. */
    @JsonProperty("file")
    public String shownFile() {
        return "definitions/" + file.getFileName();
    }

    /** The methods' arguments as the API shows them: {@code {method: {arguments: {...}}}}. */
    @JsonProperty("methods")
    public Map<String, Object> shownMethods() {
        Map<String, Object> methods = new java.util.LinkedHashMap<>();
        methodArguments.forEach((k, v) -> methods.put(k, Map.of("arguments", v)));
        return methods;
    }

    public Map<String, Object> methodArguments(String method) {
        return methodArguments.getOrDefault(method, Map.of());
    }

    /** The global arguments written out (no CEL): the same for every call, so others may read them. */
    public Map<String, Object> literalArguments() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        globalArguments.forEach((k, v) -> {
            if (v != null && !(v instanceof String s && s.contains("${{")) && !(v instanceof Map) && !(v instanceof java.util.List)) {
                out.put(k, v);
            }
        });
        return Map.copyOf(out);
    }
}
