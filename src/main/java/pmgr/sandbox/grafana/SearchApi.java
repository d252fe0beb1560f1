package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** GET /api/search: folders first, then dashboards, each by title ignoring case. */
final class SearchApi {
    private static final long DEFAULT_LIMIT = 1000;
    private static final long MAX_LIMIT = 5000;
    private final GrafanaState state;

    SearchApi(GrafanaState state) {
        this.state = state;
    }

    void register(Router router) {
        router.get("/api/search", this::search);
    }

    private Reply search(ApiCall call) {
        String type = call.query("type");
        String query = call.query("query").toLowerCase(Locale.ROOT);
        List<String> tags = call.queryAll("tag");
        List<String> dashboardUids = splitAll(call.queryAll("dashboardUIDs"));
        List<String> folderUids = splitAll(call.queryAll("folderUIDs"));
        long limit = Math.min(call.queryLong("limit", DEFAULT_LIMIT), MAX_LIMIT);
        long page = Math.max(1, call.queryLong("page", 1));
        if (limit <= 0) {
            limit = DEFAULT_LIMIT;
        }
        ArrayNode hits = Json.array();
        boolean folders = !type.equals("dash-db") && tags.isEmpty() && dashboardUids.isEmpty()
                && folderUids.isEmpty();
        boolean dashboards = !type.equals("dash-folder");
        if (folders) {
            state.folders.values().stream().filter(f -> f.title.toLowerCase(Locale.ROOT).contains(query))
                    .sorted(Comparator.comparing(f -> f.title.toLowerCase(Locale.ROOT)))
                    .forEach(f -> hits.add(folderHit(f)));
        }
        if (dashboards) {
            state.dashboards.values().stream()
                    .filter(d -> d.title.toLowerCase(Locale.ROOT).contains(query))
                    .filter(d -> d.tags().containsAll(tags))
                    .filter(d -> dashboardUids.isEmpty() || dashboardUids.contains(d.uid))
                    .filter(d -> folderUids.isEmpty() || folderUids.contains(d.folderUid)
                            || (d.folderUid.isEmpty() && folderUids.contains("general")))
                    .sorted(Comparator.comparing(d -> d.title.toLowerCase(Locale.ROOT)))
                    .forEach(d -> hits.add(dashboardHit(d)));
        }
        ArrayNode pageOfHits = Json.array();
        long from = (page - 1) * limit;
        for (long i = from; i < hits.size() && i < from + limit; i++) {
            pageOfHits.add(hits.get((int) i));
        }
        return Reply.ok(pageOfHits);
    }

    private static ObjectNode folderHit(Folder f) {
        ObjectNode hit = Json.object().put("id", f.id).put("uid", f.uid).put("orgId", 1).put("title", f.title)
                .put("uri", "db/" + Uids.slug(f.title)).put("url", f.url()).put("slug", "")
                .put("type", "dash-folder");
        hit.putArray("tags");
        return hit.put("isStarred", false).put("sortMeta", 0).put("isDeleted", false);
    }

    private ObjectNode dashboardHit(StoredDashboard d) {
        ObjectNode hit = Json.object().put("id", d.id).put("uid", d.uid).put("orgId", 1).put("title", d.title)
                .put("uri", "db/" + d.slug()).put("url", d.url()).put("slug", "").put("type", "dash-db");
        ArrayNode tags = hit.putArray("tags");
        d.tags().forEach(tags::add);
        hit.put("isStarred", false);
        Folder folder = state.folders.get(d.folderUid);
        if (folder != null) {
            hit.put("folderId", folder.id).put("folderUid", folder.uid).put("folderTitle", folder.title)
                    .put("folderUrl", folder.url());
        }
        return hit.put("sortMeta", 0).put("isDeleted", false);
    }

    /** Grafana accepts repeated parameters and comma-separated lists alike. */
    private static List<String> splitAll(List<String> values) {
        return values.stream().flatMap(v -> List.of(v.split(",")).stream()).map(String::trim)
                .filter(v -> !v.isEmpty()).toList();
    }
}
