package pmgr.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pmgr.common.Json;

/**
 * The API of a running {@code pmgr serve}, over HTTP with the bearer token. Plain
 * {@link HttpURLConnection}, because a command line makes a call or two and exits: the JDK's
 * HttpClient costs about 0.8 s there (its start, and its selector thread holding up the JVM's exit).
 */
public final class HttpEngineApi implements EngineApi {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final String token;
    private final String origin;

    public HttpEngineApi(String baseUrl, String token, String origin) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.origin = origin;
    }

    @Override
    public JsonNode workflows() {
        return get("/api/workflows");
    }

    @Override
    public JsonNode workflow(String name) {
        return get("/api/workflows/" + seg(name));
    }

    @Override
    public JsonNode startWorkflow(String name, Map<String, Object> inputs, String origin, boolean wait) {
        return send("POST", "/api/workflows/" + seg(name) + "/runs" + (wait ? "?wait=true" : ""), Json.write(inputs), wait);
    }

    @Override
    public JsonNode runs(int limit, String target) {
        return get("/api/runs?limit=" + limit + (target == null ? "" : "&target=" + seg(target)));
    }

    @Override
    public JsonNode run(String id) {
        return get("/api/runs/" + seg(id));
    }

    @Override
    public JsonNode awaitRun(String id, java.time.Duration atMost) {
        return get("/api/runs/" + seg(id) + "?waitMs=" + atMost.toMillis());
    }

    @Override
    public JsonNode modelTypes() {
        return get("/api/model-types");
    }

    @Override
    public JsonNode models() {
        return get("/api/models");
    }

    @Override
    public JsonNode model(String name) {
        return get("/api/models/" + seg(name));
    }

    @Override
    public JsonNode startMethod(String instance, String method, Map<String, Object> args, String origin, boolean wait) {
        return send("POST", "/api/models/" + seg(instance) + "/methods/" + seg(method) + "/runs" + (wait ? "?wait=true" : ""),
                Json.write(args), wait);
    }

    @Override
    public JsonNode dataList(String instance) {
        return get("/api/data/" + seg(instance));
    }

    @Override
    public JsonNode dataGet(String instance, String spec, String name, Integer version) {
        List<String> q = new ArrayList<>();
        if (spec != null) {
            q.add("spec=" + seg(spec));
        }
        if (version != null) {
            q.add("version=" + version);
        }
        return get("/api/data/" + seg(instance) + "/" + seg(name) + (q.isEmpty() ? "" : "?" + String.join("&", q)));
    }

    @Override
    public JsonNode dataVersions(String instance, String spec, String name) {
        return get("/api/data/" + seg(instance) + "/" + seg(name) + "/versions" + (spec == null ? "" : "?spec=" + seg(spec)));
    }

    @Override
    public JsonNode vaultList() {
        return get("/api/vault");
    }

    @Override
    public JsonNode vaultPut(String vault, String key, String value) {
        return send("PUT", "/api/vault/" + seg(vault) + "/" + seg(key), Json.write(Map.of("value", value)), false);
    }

    @Override
    public JsonNode vaultRemove(String vault, String key) {
        return send("DELETE", "/api/vault/" + seg(vault) + "/" + seg(key), null, false);
    }

    /** Any endpoint of the server (e.g. the sandbox's chat); the body is sent as JSON. */
    public JsonNode call(String method, String path, Object body) {
        return send(method, path, body == null ? null : Json.write(body), false);
    }

    private JsonNode get(String path) {
        return send("GET", path, null, false);
    }

    private JsonNode send(String method, String path, String body, boolean longWait) {
        int status;
        String answer;
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
            c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            c.setReadTimeout((int) (longWait ? LocalApi.WAIT_LIMIT.plusMinutes(1) : REQUEST_TIMEOUT).toMillis());
            c.setRequestMethod(method);
            c.setRequestProperty("Authorization", "Bearer " + token);
            c.setRequestProperty("X-Pmgr-Origin", origin);
            c.setRequestProperty("Content-Type", "application/json");
            if (body != null) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                // streaming: the JDK cannot send a POST a second time on its own, so a run never starts twice
                c.setFixedLengthStreamingMode(bytes.length);
                c.setDoOutput(true);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(bytes);
                }
            }
            status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new ApiException(503, "cannot reach pmgr serve at " + baseUrl + ": " + whatHappened(e), null);
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(answer);
        } catch (IOException e) {
            throw new ApiException(502, "pmgr serve answered " + status + " with no JSON", null);
        }
        if (json == null || json.isMissingNode()) {
            throw new ApiException(502, "pmgr serve answered " + status + " with no JSON", null);
        }
        if (status >= 400) {
            List<String> problems = new ArrayList<>();
            json.path("problems").forEach(p -> problems.add(p.asText()));
            throw new ApiException(status, json.path("error").asText("HTTP " + status), problems);
        }
        return json;
    }

    /** An I/O failure as people say it (the JDK's own messages are often empty). */
    static String whatHappened(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "nothing listens there (is pmgr serve running? it may have stopped)";
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "it did not answer in time (" + e.getMessage() + ")";
        }
        String m = e.getMessage();
        if (m == null || m.isBlank() || m.contains("Unexpected end of file") || m.contains("reset") || m.contains("closed")) {
            return "the connection closed before an answer came (did pmgr serve stop?)" + (m == null || m.isBlank() ? "" : ": " + m);
        }
        return m;
    }

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
