package pmgr.models.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import pmgr.common.Meters;
import pmgr.models.http.JsonHttp;

/**
 * Grafana's HTTP API with a service-account token: errors carry Grafana's {@code message}. Bodies
 * are sent as given (a rule file's {@code {{ $labels.x }}} templates arrive untouched): nothing
 * here goes through a shell.
 */
final class GrafanaApi {
    private final JsonHttp http;
    private final Map<String, String> headers;

    GrafanaApi(org.apache.camel.ProducerTemplate template, String url, String token) {
        this.http = new JsonHttp(template, url);
        this.headers = Map.of("Authorization", "Bearer " + token, "Accept", "application/json");
    }

    String url() {
        return http.url();
    }

    JsonNode get(String path, Map<String, ?> query) {
        return ok("GET", path, send("GET", path, query, null));
    }

    /** The object at the path, or empty on 404. */
    Optional<JsonNode> find(String path) {
        JsonHttp.Answer r = send("GET", path, null, null);
        return r.status() == 404 ? Optional.empty() : Optional.of(ok("GET", path, r));
    }

    JsonNode post(String path, Object body) {
        return ok("POST", path, send("POST", path, null, body));
    }

    JsonNode put(String path, Object body) {
        return ok("PUT", path, send("PUT", path, null, body));
    }

    private static JsonNode ok(String method, String path, JsonHttp.Answer r) {
        if (!r.ok()) {
            throw new GrafanaApiException(r.status(), "Grafana " + method + " " + path + ": " + r.status() + " " + r.message());
        }
        try {
            return r.json();
        } catch (IllegalStateException e) {
            throw new GrafanaApiException(r.status(), "Grafana " + method + " " + path + ": " + e.getMessage());
        }
    }

    private JsonHttp.Answer send(String method, String path, Map<String, ?> query, Object body) {
        try {
            JsonHttp.Answer r = http.send(method, path, query, headers, body);
            Meters.count("pmgr.grafana.requests", "method", method, "status", Integer.toString(r.status()));
            return r;
        } catch (JsonHttp.Unreachable e) {
            Meters.count("pmgr.grafana.requests", "method", method, "status", "unreachable");
            throw new GrafanaApiException(0, "cannot reach Grafana at " + http.url() + " (" + e.getMessage() + ")");
        }
    }

    static String segment(String s) {
        return JsonHttp.segment(s);
    }
}
