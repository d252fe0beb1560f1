package pmgr.store;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;

/** One immutable version of a named resource (as the API and {@code --json} show it). */
@JsonPropertyOrder({"instance", "type", "spec", "name", "version", "createdAt", "method", "runId", "step", "attributes"})
public record ResourceVersion(String instance, String type, String spec, String name, int version,
                              Map<String, Object> attributes, String method, String runId, String step,
                              Instant createdAt) {
}
