package pmgr.sandbox.proxmox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parameters from the query string and a form or JSON body; query values win over body values. */
final class RequestParams {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestParams() {
    }

    static Map<String, String> merge(String query, String contentType, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body != null && !body.isEmpty()) {
            if (contentType != null && contentType.toLowerCase().startsWith("application/json")) {
                params.putAll(json(body));
            } else {
                params.putAll(form(body));
            }
        }
        params.putAll(form(query));
        return params;
    }

    /** x-www-form-urlencoded; a repeated key keeps its values joined by NUL, as PVE does for arrays. */
    static Map<String, String> form(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.merge(key, value, (a, b) -> a + "\0" + b);
        }
        return params;
    }

    /** JSON bodies may use real booleans and numbers; they become the strings a form would carry. */
    private static Map<String, String> json(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.params(Map.of("body", "unable to parse JSON body - " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            return params;
        }
        for (Map.Entry<String, JsonNode> f : root.properties()) {
            JsonNode v = f.getValue();
            if (v.isBoolean()) {
                params.put(f.getKey(), v.booleanValue() ? "1" : "0");
            } else if (v.isValueNode()) {
                params.put(f.getKey(), v.asText());
            } else if (!v.isNull()) {
                params.put(f.getKey(), v.toString());
            }
        }
        return params;
    }
}
