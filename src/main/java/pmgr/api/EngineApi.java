package pmgr.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Everything the command line and the HTTP API can ask of the application, as JSON documents with
 * stable shapes. {@link LocalApi} serves it from an engine in this process; {@link HttpEngineApi}
 * from a running {@code pmgr serve}. Failures are {@link ApiException}s.
 */
public interface EngineApi {

    JsonNode workflows();

    JsonNode workflow(String name);

    /** Starts a run; with {@code wait} returns the finished run, else {@code {id, status}}. */
    JsonNode startWorkflow(String name, Map<String, Object> inputs, String origin, boolean wait);

    JsonNode runs(int limit, String target);

    JsonNode run(String id);

    /**
     * The run once it has ended, or as it is when {@code atMost} has passed (at most
     * {@link #LONGEST_RUN_WAIT}): a follower sees the end when it comes, not at its next look.
     */
    JsonNode awaitRun(String id, java.time.Duration atMost);

    /** The longest one {@link #awaitRun} holds a request. */
    java.time.Duration LONGEST_RUN_WAIT = java.time.Duration.ofSeconds(30);

    JsonNode modelTypes();

    JsonNode models();

    JsonNode model(String name);

    JsonNode startMethod(String instance, String method, Map<String, Object> args, String origin, boolean wait);

    JsonNode dataList(String instance);

    /** {@code spec} may be null when the name is unique among the instance's specs. */
    JsonNode dataGet(String instance, String spec, String name, Integer version);

    JsonNode dataVersions(String instance, String spec, String name);

    JsonNode vaultList();

    JsonNode vaultPut(String vault, String key, String value);

    JsonNode vaultRemove(String vault, String key);
}
