package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;

/** The seeded data sources, read-only. */
final class DatasourcesApi {
    private final GrafanaState state;

    DatasourcesApi(GrafanaState state) {
        this.state = state;
    }

    void register(Router router) {
        router.get("/api/datasources", this::list)
                .get("/api/datasources/uid/{uid}", call -> full(state.datasource(
                        ds -> ds.path("uid").asText().equals(call.var("uid")))))
                .get("/api/datasources/name/{name}", call -> full(state.datasource(
                        ds -> ds.path("name").asText().equals(call.var("name")))))
                .get("/api/datasources/{id}", call -> full(state.datasource(
                        ds -> ds.path("id").asText().equals(id(call.var("id"))))));
    }

    private Reply list(ApiCall call) {
        ArrayNode list = Json.array();
        for (ObjectNode ds : state.datasources) {
            ObjectNode item = Json.copy(ds);
            String type = ds.path("type").asText();
            item.put("typeName", type.substring(0, 1).toUpperCase(Locale.ROOT) + type.substring(1));
            list.add(item);
        }
        return Reply.ok(list);
    }

    private static Reply full(Optional<ObjectNode> found) {
        ObjectNode ds = Json.copy(found.orElseThrow(() -> ApiError.plain(404, "Data source not found")));
        ds.put("basicAuthUser", "").put("withCredentials", false).put("version", 1);
        ds.putObject("secureJsonFields");
        return Reply.ok(ds);
    }

    private static String id(String raw) {
        try {
            return String.valueOf(Long.parseLong(raw));
        } catch (NumberFormatException e) {
            throw ApiError.plain(400, "id is invalid");
        }
    }
}
