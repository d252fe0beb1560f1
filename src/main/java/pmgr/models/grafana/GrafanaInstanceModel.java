package pmgr.models.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pmgr.common.Json;
import pmgr.model.AbstractModelType;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.NoArgs;
import pmgr.model.Nullable;
import pmgr.model.ResourceSpec;
import pmgr.store.ResourceVersion;

/**
 * {@code grafana/instance}: a Grafana reached over its HTTP API with a service-account token.
 * Dashboards and alert rules are files of the application home, pushed by uid; every push first
 * reads what Grafana has and sends nothing when it is the same, so a re-deploy changes nothing.
 */
public final class GrafanaInstanceModel extends AbstractModelType<GrafanaInstanceModel.Globals> {
    private static final String UID = "[A-Za-z0-9_-]{1,40}";
    private static final Pattern RELATIVE = Pattern.compile("(\\d+)([smhd])");

    public record Globals(
            @Arg(description = "Grafana's URL, http(s)://host:port", defaultValue = "${{ lab.grafana.url }}",
                    pattern = "https?://[^\\s/]+(:\\d+)?/?", patternHint = "http(s)://host:port") String url,
            @Arg(description = "Service-account token (from the vault)", secret = true,
                    defaultValue = "${{ vault.get(lab.grafana.vault, lab.grafana.tokenKey) }}") String token,
            @Arg(description = "Title of the folder made for alert rules whose folder Grafana does not have yet",
                    defaultValue = "${{ lab.grafana.alertFolderTitle }}") String alertFolderTitle) {
    }

    public record DashboardArgs(
            @Arg(description = "Dashboard JSON file, relative to the application home") String dashboardFile,
            @Nullable @Arg(description = "Folder UID to keep it in (default: General)", pattern = UID, patternHint = "a Grafana uid") String folderUid) {
    }

    public record ExportArgs(
            @Arg(description = "UID of the dashboard", pattern = UID, patternHint = "a Grafana uid") String dashboardUid,
            @Arg(description = "File to write, relative to the application home") String outputFile) {
    }

    public record ContactPointArgs(
            @Arg(description = "Discord webhook URL (from the vault)", secret = true, pattern = "https?://\\S+",
                    patternHint = "a webhook URL") String webhookUrl,
            @Arg(description = "Contact point name", defaultValue = "discord-alerts", pattern = "[A-Za-z0-9 _-]{1,100}",
                    patternHint = "letters, digits, space, '_', '-'") String name) {
    }

    public record PolicyArgs(
            @Arg(description = "Contact point that receives every alert", defaultValue = "discord-alerts") String contactPointName) {
    }

    public record RuleArgs(
            @Arg(description = "Alert rule JSON file (Grafana provisioning format, with a uid), relative to the application home") String ruleFile) {
    }

    public record AnnotationArgs(
            @Arg(description = "What happened") String text,
            @Arg(description = "Tags, e.g. [game, start, allthemons]", defaultValue = "${{ [] }}") List<String> tags,
            @Nullable @Arg(description = "Only on this dashboard (default: every dashboard that shows the tags)", pattern = UID,
                    patternHint = "a Grafana uid") String dashboardUid) {
    }

    public record QueryArgs(
            @Arg(description = "PromQL query") String query,
            @Arg(description = "Start: 30m, 6h, 2d ago, or an ISO instant", defaultValue = "1h") String start,
            @Arg(description = "End: now, an age such as 5m, or an ISO instant", defaultValue = "now") String end,
            @Arg(description = "Step between samples, e.g. 2m", defaultValue = "2m", pattern = "\\d+[smhd]", patternHint = "e.g. 30s, 2m") String step) {
    }

    public GrafanaInstanceModel() {
        super("grafana/instance", "2026.12.02.1", "A Grafana: dashboards, alerting and annotations over its HTTP API",
                Globals.class,
                List.of(new ResourceSpec("instance", "Grafana's version, dashboards and data sources"),
                        new ResourceSpec("dashboard", "A dashboard pushed or exported"),
                        new ResourceSpec("alert", "A contact point, the notification policy or an alert rule"),
                        new ResourceSpec("annotation", "An event marked on the dashboards"),
                        new ResourceSpec("queryResult", "The series a PromQL query returned")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(
                method("discover", "Read Grafana's health, dashboards and data sources", NoArgs.class, List.of("instance"),
                        (g, a, ctx) -> discover(ctx, api(ctx, g))),
                method("pushDashboard", "Create or update a dashboard from its file (by uid; nothing sent when unchanged)",
                        DashboardArgs.class, List.of("dashboard"), (g, a, ctx) -> pushDashboard(ctx, api(ctx, g), a)),
                method("exportDashboard", "Write a dashboard from Grafana to a file", ExportArgs.class, List.of("dashboard"),
                        (g, a, ctx) -> exportDashboard(ctx, api(ctx, g), a)),
                method("configureContactPoint", "Create or update the Discord contact point (by uid)", ContactPointArgs.class,
                        List.of("alert"), (g, a, ctx) -> contactPoint(ctx, api(ctx, g), a)),
                method("configureNotificationPolicy", "Send every alert to one contact point (replaces the policy tree)",
                        PolicyArgs.class, List.of("alert"), (g, a, ctx) -> policy(ctx, api(ctx, g), a)),
                method("pushAlertRule", "Create or update an alert rule from its file (by uid; nothing sent when unchanged)",
                        RuleArgs.class, List.of("alert"), (g, a, ctx) -> pushRule(ctx, api(ctx, g), g, a)),
                method("createAnnotation", "Mark an event on the dashboards", AnnotationArgs.class, List.of("annotation"),
                        (g, a, ctx) -> annotate(ctx, api(ctx, g), a)),
                method("queryMetrics", "Run a PromQL range query through Grafana's Prometheus data source", QueryArgs.class,
                        List.of("queryResult"), (g, a, ctx) -> query(ctx, api(ctx, g), a)));
    }

    private static GrafanaApi api(MethodContext ctx, Globals g) {
        return new GrafanaApi(ctx.template(), g.url(), g.token());
    }

    private static Map<String, Object> stamped(Map<String, Object> d) {
        d.put("timestamp", Instant.now().toString());
        return d;
    }

    private void discover(MethodContext ctx, GrafanaApi api) {
        JsonNode health = api.get("/api/health", null);
        ctx.log("Grafana " + health.path("version").asText("unknown") + " at " + api.url() + " (database: "
                + health.path("database").asText("unknown") + ")");
        List<Map<String, Object>> dashboards = new ArrayList<>();
        for (JsonNode hit : api.get("/api/search", Map.of("type", "dash-db"))) {
            ctx.log("  dashboard " + hit.path("title").asText() + " (uid " + hit.path("uid").asText() + ")");
            dashboards.add(Map.of("uid", hit.path("uid").asText(), "title", hit.path("title").asText()));
        }
        List<Map<String, Object>> sources = new ArrayList<>();
        for (JsonNode ds : api.get("/api/datasources", null)) {
            ctx.log("  data source " + ds.path("name").asText() + " (" + ds.path("type").asText() + ", uid " + ds.path("uid").asText() + ")");
            sources.add(Map.of("uid", ds.path("uid").asText(), "name", ds.path("name").asText(), "type", ds.path("type").asText()));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("grafanaVersion", health.path("version").asText("unknown"));
        d.put("dashboards", dashboards);
        d.put("datasources", sources);
        ctx.write("instance", "instance", stamped(d));
    }

    /** A file the definition names: inside the application home, and there. */
    static Path homeFile(MethodContext ctx, String argument, String relative) {
        Path home = ctx.home().toAbsolutePath().normalize();
        Path file = home.resolve(relative).normalize();
        if (!file.startsWith(home) || file.equals(home)) {
            throw new IllegalArgumentException("argument '" + argument + "' must be a file inside the application home, got '" + relative + "'");
        }
        return file;
    }

    private static ObjectNode readObject(MethodContext ctx, String argument, String relative) {
        Path file = homeFile(ctx, argument, relative);
        try {
            JsonNode json = Json.MAPPER.readTree(Files.readString(file));
            if (!(json instanceof ObjectNode object)) {
                throw new IllegalArgumentException("argument '" + argument + "': " + relative + " must hold one JSON object");
            }
            return object;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("argument '" + argument + "': no such file " + relative);
        } catch (IOException e) {
            throw new IllegalArgumentException("argument '" + argument + "': " + relative + " is not JSON: " + e.getMessage());
        }
    }

    private static String uidOf(ObjectNode json, String argument, String relative) {
        String uid = json.path("uid").asText("");
        if (!uid.matches(UID)) {
            throw new IllegalArgumentException("argument '" + argument + "': " + relative
                    + " needs a uid (1-40 letters, digits, '-', '_'), so that pushing it again updates it instead of adding a copy");
        }
        return uid;
    }

    private void pushDashboard(MethodContext ctx, GrafanaApi api, DashboardArgs a) {
        ObjectNode dashboard = readObject(ctx, "dashboardFile", a.dashboardFile());
        String uid = uidOf(dashboard, "dashboardFile", a.dashboardFile());
        String title = dashboard.path("title").asText("");
        dashboard.putNull("id"); // Grafana matches by uid; a numeric id from another Grafana would be refused
        Optional<JsonNode> existing = api.find("/api/dashboards/uid/" + GrafanaApi.segment(uid));
        String action;
        long version;
        if (existing.isPresent() && sameDashboard(existing.get(), dashboard, a.folderUid())) {
            action = "unchanged";
            version = existing.get().path("dashboard").path("version").asLong();
            ctx.log("Dashboard " + title + " (uid " + uid + ") is already as in " + a.dashboardFile() + "; nothing sent");
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("dashboard", dashboard);
            if (a.folderUid() != null) {
                body.put("folderUid", a.folderUid());
            }
            body.put("overwrite", true);
            body.put("message", "pushed by pmgr run " + ctx.runId());
            JsonNode r = api.post("/api/dashboards/db", body);
            action = existing.isPresent() ? "updated" : "created";
            version = r.path("version").asLong();
            ctx.log("Dashboard " + title + " (uid " + uid + ") " + action + ": version " + version + ", " + r.path("url").asText());
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("uid", uid);
        d.put("title", title);
        d.put("action", action);
        d.put("version", version);
        d.put("file", a.dashboardFile());
        ctx.write("dashboard", uid, stamped(d));
    }

    /** The stored dashboard equals the file's, apart from what Grafana adds (id, version), and in the asked folder. */
    private static boolean sameDashboard(JsonNode stored, ObjectNode ours, String folderUid) {
        ObjectNode theirs = stored.path("dashboard").deepCopy();
        ObjectNode mine = ours.deepCopy();
        for (ObjectNode o : List.of(theirs, mine)) {
            o.remove("id");
            o.remove("version");
        }
        String storedFolder = stored.path("meta").path("folderUid").asText("");
        return theirs.equals(mine) && storedFolder.equals(folderUid == null ? "" : folderUid);
    }

    private void exportDashboard(MethodContext ctx, GrafanaApi api, ExportArgs a) throws IOException {
        Path file = homeFile(ctx, "outputFile", a.outputFile());
        JsonNode found = api.find("/api/dashboards/uid/" + GrafanaApi.segment(a.dashboardUid()))
                .orElseThrow(() -> new GrafanaApiException(404, "Grafana has no dashboard with uid " + a.dashboardUid()));
        ObjectNode dashboard = found.path("dashboard").deepCopy();
        dashboard.putNull("id");
        Files.createDirectories(file.getParent());
        Files.writeString(file, Json.pretty(dashboard) + "\n", StandardCharsets.UTF_8);
        ctx.log("Dashboard " + dashboard.path("title").asText() + " written to " + a.outputFile());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("uid", a.dashboardUid());
        d.put("title", dashboard.path("title").asText());
        d.put("action", "exported");
        d.put("version", dashboard.path("version").asLong());
        d.put("file", a.outputFile());
        ctx.write("dashboard", a.dashboardUid(), stamped(d));
    }

    /**
     * By uid {@code pmgr-<name>}: created, updated, or left alone. Grafana may hide the webhook
     * when it answers, so whether it changed is judged by its hash in this contact point's last data.
     */
    private void contactPoint(MethodContext ctx, GrafanaApi api, ContactPointArgs a) {
        String uid = "pmgr-" + a.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        String hash = sha256(a.webhookUrl());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uid", uid);
        body.put("name", a.name());
        body.put("type", "discord");
        body.put("settings", Map.of("url", a.webhookUrl(), "use_discord_username", true));
        body.put("disableResolveMessage", false);
        JsonNode existing = null;
        for (JsonNode cp : api.get("/api/v1/provisioning/contact-points", Map.of("name", a.name()))) {
            if (uid.equals(cp.path("uid").asText())) {
                existing = cp;
            }
        }
        String action;
        if (existing == null) {
            api.post("/api/v1/provisioning/contact-points", body);
            action = "created";
        } else if (sameContactPoint(ctx, existing, a, hash)) {
            action = "unchanged";
        } else {
            api.put("/api/v1/provisioning/contact-points/" + GrafanaApi.segment(uid), body);
            action = "updated";
        }
        ctx.log("Contact point " + a.name() + " (discord, uid " + uid + ") " + action);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("title", a.name());
        d.put("uid", uid);
        d.put("action", action);
        d.put("webhookSha256", hash);
        ctx.write("alert", "cp-" + a.name(), stamped(d));
    }

    private static boolean sameContactPoint(MethodContext ctx, JsonNode cp, ContactPointArgs a, String hash) {
        JsonNode settings = cp.path("settings");
        String url = settings.path("url").asText("");
        boolean sameUrl = url.equals(a.webhookUrl()) || (!url.startsWith("http")
                && ctx.latest("alert", "cp-" + a.name()).map(ResourceVersion::attributes)
                        .map(m -> hash.equals(m.get("webhookSha256"))).orElse(false));
        return sameUrl && a.name().equals(cp.path("name").asText()) && "discord".equals(cp.path("type").asText())
                && settings.path("use_discord_username").asBoolean(false) && !cp.path("disableResolveMessage").asBoolean(true);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void policy(MethodContext ctx, GrafanaApi api, PolicyArgs a) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("receiver", a.contactPointName());
        tree.put("group_by", List.of("alertname", "instance"));
        tree.put("group_wait", "30s");
        tree.put("group_interval", "5m");
        tree.put("repeat_interval", "4h");
        JsonNode current = api.get("/api/v1/provisioning/policies", null);
        boolean same = tree.entrySet().stream().allMatch(e -> Json.tree(e.getValue()).equals(current.path(e.getKey())))
                && current.path("routes").isEmpty();
        String action = same ? "unchanged" : "updated";
        if (!same) {
            api.put("/api/v1/provisioning/policies", tree);
        }
        ctx.log("Notification policy: every alert to " + a.contactPointName() + " (" + action + ")");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("title", "policy -> " + a.contactPointName());
        d.put("action", action);
        ctx.write("alert", "notification-policy", stamped(d));
    }

    /** The file's text is sent as it is, so its {{ $labels.x }} templates reach Grafana untouched. */
    private void pushRule(MethodContext ctx, GrafanaApi api, Globals g, RuleArgs a) throws IOException {
        ObjectNode rule = readObject(ctx, "ruleFile", a.ruleFile());
        String uid = uidOf(rule, "ruleFile", a.ruleFile());
        String text = Files.readString(homeFile(ctx, "ruleFile", a.ruleFile()));
        String folder = rule.path("folderUID").asText("");
        if (!folder.matches(UID)) {
            throw new IllegalArgumentException("argument 'ruleFile': " + a.ruleFile() + " needs a folderUID");
        }
        if (api.find("/api/folders/" + GrafanaApi.segment(folder)).isEmpty()) {
            try {
                api.post("/api/folders", Map.of("uid", folder, "title", g.alertFolderTitle()));
                ctx.log("Folder " + g.alertFolderTitle() + " (uid " + folder + ") created for alert rules");
            } catch (GrafanaApiException e) {
                // rules pushed in parallel share the folder: another push may have made it just now
                if (e.status() != 409 || api.find("/api/folders/" + GrafanaApi.segment(folder)).isEmpty()) {
                    throw e;
                }
            }
        }
        Optional<JsonNode> existing = api.find("/api/v1/provisioning/alert-rules/" + GrafanaApi.segment(uid));
        String action;
        if (existing.isEmpty()) {
            api.post("/api/v1/provisioning/alert-rules", text);
            action = "created";
        } else if (holds(existing.get(), rule)) {
            action = "unchanged";
        } else {
            api.put("/api/v1/provisioning/alert-rules/" + GrafanaApi.segment(uid), text);
            action = "updated";
        }
        String title = rule.path("title").asText(uid);
        ctx.log("Alert rule " + title + " (uid " + uid + ") " + action);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("title", title);
        d.put("uid", uid);
        d.put("action", action);
        d.put("file", a.ruleFile());
        ctx.write("alert", uid, stamped(d));
    }

    /** Grafana's copy has every field of ours with the same value (it adds id, updated, provenance). */
    private static boolean holds(JsonNode theirs, ObjectNode ours) {
        var fields = ours.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            if (!f.getValue().equals(theirs.path(f.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private void annotate(MethodContext ctx, GrafanaApi api, AnnotationArgs a) {
        if (a.text().isBlank()) {
            throw new IllegalArgumentException("argument 'text' must not be empty");
        }
        long now = System.currentTimeMillis();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("time", now);
        body.put("text", a.text());
        body.put("tags", a.tags());
        if (a.dashboardUid() != null) {
            body.put("dashboardUID", a.dashboardUid());
        }
        JsonNode r = api.post("/api/annotations", body);
        ctx.log("Annotation " + r.path("id").asText("?") + " created: " + a.text() + " " + a.tags());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", r.path("id").isNumber() ? r.path("id").asLong() : null);
        d.put("tags", a.tags());
        d.put("text", a.text());
        ctx.write("annotation", "ann-" + now, stamped(d));
    }

    private void query(MethodContext ctx, GrafanaApi api, QueryArgs a) {
        Instant now = Instant.now();
        Instant start = instant("start", a.start(), now);
        Instant end = instant("end", a.end(), now);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("argument 'start' must be before 'end' (" + start + " is not before " + end + ")");
        }
        JsonNode prometheus = null;
        for (JsonNode ds : api.get("/api/datasources", null)) {
            if (prometheus == null && "prometheus".equals(ds.path("type").asText())) {
                prometheus = ds;
            }
        }
        if (prometheus == null) {
            throw new GrafanaApiException(404, "Grafana at " + api.url() + " has no Prometheus data source");
        }
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("query", a.query());
        q.put("start", start.getEpochSecond());
        q.put("end", end.getEpochSecond());
        q.put("step", a.step());
        JsonNode r = api.get("/api/datasources/proxy/uid/" + GrafanaApi.segment(prometheus.path("uid").asText()) + "/api/v1/query_range", q);
        if (!"success".equals(r.path("status").asText())) {
            throw new GrafanaApiException(502, "the Prometheus query failed: " + r.path("error").asText(Json.write(r)));
        }
        List<Map<String, Object>> series = new ArrayList<>();
        for (JsonNode s : r.path("data").path("result")) {
            List<Object> values = new ArrayList<>();
            s.path("values").forEach(v -> values.add(List.of(v.path(0).asDouble(), v.path(1).asText())));
            ctx.log("Series " + s.path("metric") + ": " + values.size() + " samples"
                    + (values.isEmpty() ? "" : ", last " + ((List<?>) values.get(values.size() - 1)).get(1)));
            series.add(Map.of("metric", Json.toMap(s.path("metric")), "values", values));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("query", a.query());
        d.put("resultType", r.path("data").path("resultType").asText());
        d.put("results", series);
        d.put("seriesCount", series.size());
        ctx.write("queryResult", "query-" + now.toEpochMilli(), stamped(d));
    }

    /** "now", an age such as 30m or 2d, or an ISO instant. */
    static Instant instant(String argument, String value, Instant now) {
        if (value.equals("now")) {
            return now;
        }
        Matcher m = RELATIVE.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            long seconds = switch (m.group(2)) {
                case "s" -> n;
                case "m" -> n * 60;
                case "h" -> n * 3600;
                default -> n * 86400;
            };
            return now.minusSeconds(seconds);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("argument '" + argument + "' must be now, an age such as 30m, 6h or 2d, or an ISO instant, got '"
                    + value + "'");
        }
    }
}
