package pmgr.models.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.common.Json;
import pmgr.sandbox.SandboxLab;
import pmgr.store.RunRecord;
import pmgr.testing.Lab;

/**
 * Grafana as code end to end: the shipped grafanaHub definition, dashboards, alert rules and deploy
 * workflows against the sandbox's fake Grafana over HTTP (camel-http, the service-account token
 * from the vault).
 */
class GrafanaDeployTest {
    static final List<String> DASHBOARDS = List.of("game-servers", "lab-overview", "proxmox-manager");
    static final List<String> RULES = List.of("pmgr-high-cpu", "pmgr-high-memory", "pmgr-disk-warning", "pmgr-disk-critical",
            "pmgr-metrics-stale", "pmgr-container-restarts", "pmgr-container-oom", "pmgr-workflow-failing",
            "pmgr-metrics-collection-stopped");

    @TempDir
    static Path dir;
    static Lab lab;

    @BeforeAll
    static void start() {
        lab = Lab.start(dir, SandboxLab.Options.fast());
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    static RunRecord succeeded(RunRecord r) {
        assertThat(r.status()).as(r.target() + ": " + r.error() + "\n" + r.logs()).isEqualTo("SUCCEEDED");
        return r;
    }

    static List<String> values(List<JsonNode> objects, String field) {
        return objects.stream().map(o -> o.path(field).asText()).toList();
    }

    static Map<String, Object> data(String spec, String name) {
        return lab.engine.store().latest("grafanaHub", spec, name).orElseThrow().attributes();
    }

    @Test
    void deployingTwiceChangesNothingTheSecondTimeAndAChangedFileIsUpdated() throws Exception {
        succeeded(lab.run("deploy-grafana", Map.of()));
        var grafana = lab.sandbox.grafana();
        assertThat(grafana.dashboards()).containsAll(DASHBOARDS);
        DASHBOARDS.forEach(uid -> assertThat(grafana.dashboardVersion(uid)).as(uid).isEqualTo(1));
        assertThat(values(grafana.alertRules(), "uid")).containsAll(RULES);
        assertThat(values(grafana.contactPoints(), "name")).contains("discord-alerts");
        assertThat(grafana.policy().path("receiver").asText()).isEqualTo("discord-alerts");
        assertThat(values(grafana.folders(), "uid")).contains("afdny0umjbytcb");
        long writes = grafana.writes();

        RunRecord again = succeeded(lab.run("deploy-grafana", Map.of()));
        assertThat(grafana.writes()).as("a second deploy sends no change").isEqualTo(writes);
        DASHBOARDS.forEach(uid -> assertThat(grafana.dashboardVersion(uid)).as(uid).isEqualTo(1));
        assertThat(data("dashboard", "game-servers")).containsEntry("action", "unchanged");
        assertThat(data("alert", "pmgr-high-cpu")).containsEntry("action", "unchanged");
        assertThat(data("alert", "cp-discord-alerts")).containsEntry("action", "unchanged");
        assertThat(data("alert", "notification-policy")).containsEntry("action", "unchanged");
        assertThat(again.steps()).extracting(RunRecord.StepRecord::stepId).contains("dashboards", "alerts",
                "deploy-dashboards.push-game-servers", "deploy-alerts.push-high-cpu");

        Path file = lab.home.resolve("definitions/grafana/dashboards/lab-overview.json");
        Files.writeString(file, Files.readString(file).replace("\"title\": \"Lab Overview\"", "\"title\": \"Lab Overview (edited)\""));
        succeeded(lab.run("deploy-dashboards", Map.of()));
        assertThat(grafana.dashboardVersion("lab-overview")).isEqualTo(2);
        assertThat(grafana.dashboard("lab-overview").orElseThrow().path("title").asText()).isEqualTo("Lab Overview (edited)");
        assertThat(data("dashboard", "lab-overview")).containsEntry("action", "updated");
        assertThat(grafana.dashboardVersion("game-servers")).isEqualTo(1);

        // a new webhook in the vault updates the contact point; the webhook never shows in what pmgr keeps
        lab.engine.vault().put("proxmox-vault", "discord-alerts-webhook", "https://discord.invalid/api/webhooks/2/rotated");
        RunRecord rotated = succeeded(lab.run("deploy-alerts", Map.of()));
        assertThat(data("alert", "cp-discord-alerts")).containsEntry("action", "updated");
        assertThat(grafana.contactPoints().toString()).contains("webhooks/2/rotated");
        String kept = Json.write(rotated) + Json.write(lab.engine.store().latestAll("grafanaHub"));
        assertThat(kept).doesNotContain("webhooks/2/rotated", SandboxLab.ALERTS_WEBHOOK, grafana.token());
        lab.engine.vault().put("proxmox-vault", "discord-alerts-webhook", SandboxLab.ALERTS_WEBHOOK);
    }

    @Test
    void ruleFilesReachGrafanaWithTheirTemplatesIntact() throws Exception {
        succeeded(lab.method("grafanaHub", "pushAlertRule", Map.of("ruleFile", "definitions/grafana/alerts/disk-warning.json")));
        JsonNode file = Json.MAPPER.readTree(Files.readString(lab.home.resolve("definitions/grafana/alerts/disk-warning.json")));
        JsonNode stored = lab.sandbox.grafana().alertRule("pmgr-disk-warning").orElseThrow();
        assertThat(stored.path("annotations").path("summary").asText())
                .isEqualTo(file.path("annotations").path("summary").asText())
                .contains("{{ $labels.instance }}", "{{ $labels.mountpoint }}");
        assertThat(stored.path("data")).isEqualTo(file.path("data"));
    }

    @Test
    void badFilesAreRefusedNamingTheArgumentAndNothingIsSent() throws Exception {
        long writes = lab.sandbox.grafana().writes();
        RunRecord outside = lab.method("grafanaHub", "pushDashboard", Map.of("dashboardFile", "../../etc/passwd"));
        assertThat(outside.status()).isEqualTo("FAILED");
        assertThat(outside.error()).contains("argument 'dashboardFile' must be a file inside the application home, got '../../etc/passwd'");
        Files.writeString(lab.home.resolve("no-uid.json"), "{\"title\": \"No uid\", \"panels\": []}");
        RunRecord noUid = lab.method("grafanaHub", "pushDashboard", Map.of("dashboardFile", "no-uid.json"));
        assertThat(noUid.error()).contains("argument 'dashboardFile': no-uid.json needs a uid");
        RunRecord notJson = lab.method("grafanaHub", "pushAlertRule", Map.of("ruleFile", "definitions/grafanaHub.yaml"));
        assertThat(notJson.error()).contains("argument 'ruleFile': definitions/grafanaHub.yaml is not JSON");
        assertThat(lab.sandbox.grafana().writes()).isEqualTo(writes);
    }

    @Test
    void anExportedDashboardPushesBackUnchanged() throws Exception {
        succeeded(lab.method("grafanaHub", "pushDashboard", Map.of("dashboardFile", "definitions/grafana/dashboards/game-servers.json")));
        succeeded(lab.method("grafanaHub", "exportDashboard", Map.of("dashboardUid", "game-servers", "outputFile", "exported/game-servers.json")));
        JsonNode exported = Json.MAPPER.readTree(Files.readString(lab.home.resolve("exported/game-servers.json")));
        assertThat(exported.path("uid").asText()).isEqualTo("game-servers");
        assertThat(exported.path("id").isNull()).isTrue();
        long writes = lab.sandbox.grafana().writes();
        succeeded(lab.method("grafanaHub", "pushDashboard", Map.of("dashboardFile", "exported/game-servers.json")));
        assertThat(lab.sandbox.grafana().writes()).isEqualTo(writes);
        RunRecord missing = lab.method("grafanaHub", "exportDashboard", Map.of("dashboardUid", "nope", "outputFile", "x.json"));
        assertThat(missing.error()).contains("Grafana has no dashboard with uid nope");
    }

    /** A Prometheus that answers query_range as Prometheus does, to see the query go through Grafana's proxy. */
    @Test
    void aQueryGoesThroughGrafanasPrometheusDataSource() throws Exception {
        com.sun.net.httpserver.HttpServer prometheus = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicReference<String> asked = new java.util.concurrent.atomic.AtomicReference<>();
        prometheus.createContext("/api/v1/query_range", exchange -> {
            asked.set(exchange.getRequestURI().getRawQuery());
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
                    + "{\"__name__\":\"game_players_online\",\"server\":\"allthemons\"},\"values\":[[1764633600,\"2\"],[1764633720,\"3\"]]}]}}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        prometheus.start();
        try {
            lab.sandbox.grafana().prometheusUrl("http://127.0.0.1:" + prometheus.getAddress().getPort());
            succeeded(lab.method("grafanaHub", "queryMetrics", Map.of("query", "game_players_online{server=\"allthemons\"}",
                    "start", "2h", "step", "2m")));
            assertThat(java.net.URLDecoder.decode(asked.get(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("query=game_players_online{server=\"allthemons\"}", "step=2m");
            Map<String, Object> result = lab.engine.store().latestAll("grafanaHub").stream()
                    .filter(v -> v.spec().equals("queryResult")).reduce((a, b) -> b).orElseThrow().attributes();
            assertThat(result).containsEntry("resultType", "matrix");
            assertThat(String.valueOf(result.get("seriesCount"))).isEqualTo("1");
            assertThat(result.get("results").toString()).contains("allthemons", "3");
            RunRecord bad = lab.method("grafanaHub", "queryMetrics", Map.of("query", "up", "start", "yesterday"));
            assertThat(bad.error()).contains("argument 'start' must be now, an age such as 30m, 6h or 2d, or an ISO instant, got 'yesterday'");
        } finally {
            prometheus.stop(0);
        }
    }

    @Test
    void discoverListsWhatGrafanaHasAndAnAnnotationIsTagged() throws Exception {
        succeeded(lab.method("grafanaHub", "createAnnotation", Map.of("text", "bot deployed", "tags", List.of("deploy", "bot"))));
        assertThat(lab.sandbox.grafana().annotations().toString()).contains("bot deployed", "\"deploy\"", "\"bot\"");
        succeeded(lab.method("grafanaHub", "discover", Map.of()));
        Map<String, Object> instance = data("instance", "instance");
        assertThat(instance.get("grafanaVersion").toString()).isNotBlank().isNotEqualTo("unknown");
        assertThat(instance.get("datasources").toString()).contains("prometheus");
        RunRecord empty = lab.method("grafanaHub", "createAnnotation", Map.of("text", " "));
        assertThat(empty.error()).contains("argument 'text' must not be empty");
    }
}
