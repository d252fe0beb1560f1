package pmgr.store;

import java.time.Instant;
import java.util.Map;

/** One immutable version of a named resource. */
public record ResourceVersion(String instance, String type, String spec, String name, int version,
                              Map<String, Object> attributes, String method, String runId, String step,
                              Instant createdAt) {
}
