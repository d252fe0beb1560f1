package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;

/** /api/annotations: add, find (newest first, filtered by time, tags and dashboard) and delete. */
final class AnnotationsApi {
    private static final long DEFAULT_LIMIT = 100;
    private final GrafanaState state;

    AnnotationsApi(GrafanaState state) {
        this.state = state;
    }

    void register(Router router) {
        router.post("/api/annotations", this::add)
                .get("/api/annotations", this::find)
                .delete("/api/annotations/{id}", this::delete);
    }

    private Reply add(ApiCall call) {
        ObjectNode body = call.object();
        String dashboardUid = Json.text(body, "dashboardUID");
        long dashboardId = Json.integer(body, "dashboardId");
        long panelId = Json.integer(body, "panelId");
        long time = Json.integer(body, "time");
        long timeEnd = Json.integer(body, "timeEnd");
        List<String> tags = Json.texts(body, "tags");
        String text = Json.text(body, "text");
        JsonNode data = body.get("data");
        if (!dashboardUid.isEmpty() && state.dashboards.containsKey(dashboardUid)) {
            // Grafana looks the dashboard up by uid and overwrites the id; an unknown uid is kept as given
            dashboardId = state.dashboards.get(dashboardUid).id;
        } else if (dashboardUid.isEmpty() && dashboardId != 0) {
            dashboardUid = state.dashboardById(dashboardId).map(d -> d.uid).orElse("");
        }
        if (text.isEmpty()) {
            // the reason ("text field should not be empty") only shows in development mode
            throw ApiError.traced(400, "Failed to save annotation");
        }
        long now = state.now().toEpochMilli();
        if (time == 0) {
            time = now;
        }
        if (timeEnd == 0) {
            timeEnd = time;
        }
        long id = state.nextAnnotationId();
        ObjectNode item = Json.object().put("id", id).put("alertId", 0).put("alertName", "")
                .put("dashboardId", dashboardId);
        if (dashboardUid.isEmpty()) {
            item.putNull("dashboardUID");
        } else {
            item.put("dashboardUID", dashboardUid);
        }
        item.put("panelId", panelId).put("userId", 1).put("newState", "").put("prevState", "")
                .put("created", now).put("updated", now).put("time", time).put("timeEnd", timeEnd)
                .put("text", text);
        ArrayNode tagArray = item.putArray("tags");
        tags.forEach(tagArray::add);
        item.put("login", GrafanaState.ACTOR).put("email", "").put("avatarUrl", "");
        item.set("data", data == null || data.isNull() ? Json.object() : Json.copy(data));
        state.annotations.add(item);
        return Reply.changed(200, Json.object().put("message", "Annotation added").put("id", id));
    }

    private Reply find(ApiCall call) {
        long from = call.queryLong("from", 0);
        long to = call.queryLong("to", 0);
        long limit = call.queryLong("limit", DEFAULT_LIMIT);
        List<String> tags = call.queryAll("tags");
        boolean matchAny = call.queryBool("matchAny");
        String dashboardUid = call.query("dashboardUID");
        long dashboardId = call.queryLong("dashboardId", 0);
        long panelId = call.queryLong("panelId", 0);
        String type = call.query("type");
        ArrayNode found = Json.array();
        state.annotations.stream()
                .filter(a -> from <= 0 || to <= 0 || (a.path("time").longValue() <= to
                        && a.path("timeEnd").longValue() >= from))
                .filter(a -> tags.isEmpty() || matches(a, tags, matchAny))
                .filter(a -> dashboardUid.isEmpty() || dashboardUid.equals(a.path("dashboardUID").asText()))
                .filter(a -> dashboardId == 0 || dashboardId == a.path("dashboardId").longValue())
                .filter(a -> panelId == 0 || panelId == a.path("panelId").longValue())
                .filter(a -> !type.equals("alert"))
                .sorted(Comparator.comparingLong((ObjectNode a) -> a.path("time").longValue() * 1000
                        + a.path("timeEnd").longValue()).reversed())
                .limit(limit > 0 ? limit : DEFAULT_LIMIT)
                .forEach(a -> found.add(Json.copy(a)));
        return Reply.ok(found);
    }

    private static boolean matches(ObjectNode annotation, List<String> wanted, boolean any) {
        List<String> has = Json.texts(annotation, "tags");
        return any ? wanted.stream().anyMatch(has::contains) : has.containsAll(wanted);
    }

    private Reply delete(ApiCall call) {
        long id;
        try {
            id = Long.parseLong(call.var("id"));
        } catch (NumberFormatException e) {
            throw ApiError.plain(400, "annotationId is invalid");
        }
        boolean removed = state.annotations.removeIf(a -> a.path("id").longValue() == id);
        return Reply.json(200, Json.object().put("message", "Annotation deleted"), removed);
    }
}
