package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the fake Grafana stores, for one organisation. Every access holds this object's lock: handlers
 * (on the event loop) and the test views alike.
 */
final class GrafanaState {
    /** Who the service account is, where Grafana names the creator or updater. */
    static final String ACTOR = "sa-1-pmgr";
    static final String DEFAULT_RECEIVER = "grafana-default-email";
    static final String PROMETHEUS_UID = "bea14157-8927-407b-8b48-f0cfaa53862d";

    final Clock clock;
    /** Dashboards and folders share one id sequence, as they share Grafana's dashboard table. */
    private long nextDashboardId = 1;
    private long nextRuleId = 1;
    private long nextAnnotationId = 1;
    final Map<String, Folder> folders = new LinkedHashMap<>();
    final Map<String, StoredDashboard> dashboards = new LinkedHashMap<>();
    final List<ObjectNode> datasources = new ArrayList<>();
    final Map<String, ContactPoint> contactPoints = new LinkedHashMap<>();
    ObjectNode policy;
    Instant policyUpdated;
    final Map<String, ObjectNode> rules = new LinkedHashMap<>();
    final List<ObjectNode> annotations = new ArrayList<>();
    long writes;

    GrafanaState(Clock clock, String prometheusUrl) {
        this.clock = clock;
        datasources.add(datasource(1, PROMETHEUS_UID, "Prometheus", "prometheus", prometheusUrl, true));
        datasources.add(datasource(2, "loki", "Loki", "loki", "http://127.0.0.1:3100", false));
        contactPoints.put("default-email", new ContactPoint("default-email", DEFAULT_RECEIVER, "email",
                Json.object().put("addresses", "<example@email.com>"), false, "", now()));
        policy = defaultPolicy();
        policyUpdated = now();
    }

    Instant now() {
        return clock.instant();
    }

    long nextDashboardId() {
        return nextDashboardId++;
    }

    long nextRuleId() {
        return nextRuleId++;
    }

    long nextAnnotationId() {
        return nextAnnotationId++;
    }

    static ObjectNode defaultPolicy() {
        ObjectNode tree = Json.object().put("receiver", DEFAULT_RECEIVER);
        tree.putArray("group_by").add("grafana_folder").add("alertname");
        return tree;
    }

    Optional<ObjectNode> datasource(java.util.function.Predicate<ObjectNode> match) {
        return datasources.stream().filter(match).findFirst();
    }

    /** Folders and dashboards share uids too: a uid names at most one of them. */
    boolean uidTaken(String uid) {
        return folders.containsKey(uid) || dashboards.containsKey(uid);
    }

    Optional<Folder> folderById(long id) {
        return folders.values().stream().filter(f -> f.id == id).findFirst();
    }

    Optional<StoredDashboard> dashboardById(long id) {
        return dashboards.values().stream().filter(d -> d.id == id).findFirst();
    }

    boolean receiverExists(String name) {
        return contactPoints.values().stream().anyMatch(cp -> cp.name.equals(name));
    }

    private static ObjectNode datasource(long id, String uid, String name, String type, String url,
            boolean isDefault) {
        ObjectNode ds = Json.object().put("id", id).put("uid", uid).put("orgId", 1).put("name", name)
                .put("type", type).put("typeLogoUrl", "public/app/plugins/datasource/" + type + "/img/logo.svg")
                .put("access", "proxy").put("url", url).put("user", "").put("database", "")
                .put("basicAuth", false).put("isDefault", isDefault).put("readOnly", false);
        ds.putObject("jsonData");
        return ds;
    }
}
