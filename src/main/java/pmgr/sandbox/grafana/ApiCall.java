package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One request as a handler sees it: path variables, query, headers and the body (decoded on demand). */
final class ApiCall {
    final String method;
    final Map<String, String> vars;
    final MultiMap query;
    final MultiMap headers;
    /** The raw query string, for forwarding; null when there is none. */
    final String rawQuery;
    final Buffer body;

    ApiCall(String method, Map<String, String> vars, MultiMap query, MultiMap headers, String rawQuery,
            Buffer body) {
        this.method = method;
        this.vars = vars;
        this.query = query;
        this.headers = headers;
        this.rawQuery = rawQuery;
        this.body = body;
    }

    String var(String name) {
        return vars.get(name);
    }

    String query(String name) {
        String value = query.get(name);
        return value == null ? "" : value;
    }

    List<String> queryAll(String name) {
        return query.getAll(name).stream().filter(v -> !v.isEmpty()).toList();
    }

    /** A numeric query parameter; Grafana's c.QueryInt64 falls back to 0 on garbage. */
    long queryLong(String name, long fallback) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    boolean queryBool(String name) {
        return "true".equalsIgnoreCase(query(name));
    }

    boolean hasHeader(String name) {
        return headers.contains(name);
    }

    /**
     * The body as the JSON object a Go handler binds to: an empty body decodes to nothing set (as Go's decoder
     * returns EOF, which Grafana ignores), anything that is not an object is "bad request data".
     */
    ObjectNode object() {
        String text = body.toString(StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return Json.object();
        }
        JsonNode node;
        try {
            node = Json.parse(text);
        } catch (IOException e) {
            throw ApiError.badRequestData();
        }
        if (node.isNull()) {
            return Json.object();
        }
        if (!node.isObject()) {
            throw ApiError.badRequestData();
        }
        return (ObjectNode) node;
    }
}
