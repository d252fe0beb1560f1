package pmgr.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.common.Json;
import pmgr.sandbox.SandboxLab;
import pmgr.testing.Lab;

/** Metrics and health from the outside, over HTTP, against a sandbox lab. */
class OperationsTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

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

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(lab.server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthReportsEachCheckAndReadinessApartFromLiveness() throws Exception {
        HttpResponse<String> all = get("/api/health");
        JsonNode report = Json.MAPPER.readTree(all.body());
        assertThat(report.path("checks").fieldNames()).toIterable().as(all.body()).contains("context", "database", "proxmox", "scheduler");
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertThat(report.path("status").asText()).isEqualTo("UP");
        assertThat(report.path("checks").path("proxmox").path("message").asText()).startsWith("answers (HTTP ");
    }

    @Test
    void metricsShowRunsStepsProxmoxCallsSshCommandsLocksAndPlayersOnTheApisOwnPort() throws Exception {
        assertThat(lab.run("sync-fleet", Map.of()).status()).isEqualTo("SUCCEEDED");
        assertThat(lab.run("start-vm", Map.of("vmName", "slate")).status()).isEqualTo("SUCCEEDED");
        // what the last collection found (the collection itself needs game hosts: GameServersEndToEndTest)
        lab.engine.store().write("allthemonsMinecraft", "metrics", "allthemons", Map.of("serverRunning", true, "online", 3L),
                java.util.Set.of(), new pmgr.store.ResourceStore.Origin("minecraft/server", "collectMetrics", null, null));
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).as("no token needed on loopback").isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String text = r.body();
        assertThat(text).contains("pmgr_runs_total{kind=\"workflow\",status=\"SUCCEEDED\",target=\"sync-fleet\"}",
                "pmgr_step_duration_seconds_count{status=\"SUCCEEDED\",step=\"sync-fleet\",workflow=\"sync-fleet\"}",
                "pmgr_proxmox_requests_total{endpoint=\"/access/ticket\",method=\"POST\",status=\"200\"}",
                "pmgr_proxmox_requests_total{endpoint=\"/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces\"",
                "pmgr_lock_wait_seconds_count{lock=\"vm:slate\",outcome=\"took\"}",
                "camel_exchanges_total{camelContext=\"pmgr\",eventType=\"route\",kind=\"CamelRoute\",routeId=\"sync-fleet\"}");
        assertThat(text).contains("pmgr_game_players_online{definition=\"allthemonsMinecraft\",server=\"allthemons\",type=\"minecraft/server\"} 3.0",
                "pmgr_game_players_online{definition=\"infinityMinecraft\",server=\"infinity\",type=\"minecraft/server\"} NaN");
    }

    @Test
    void anUnreachableProxmoxMakesServeUnreadyButNotDead() throws Exception {
        // the node stops answering within the check's 3 s (and answers again afterwards, for the other tests)
        try {
            assertThat(get("/api/health/ready").statusCode()).isEqualTo(200);
            lab.sandbox.proxmox().faults().responseDelay(java.time.Duration.ofSeconds(5));
            HttpResponse<String> ready = get("/api/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode report = Json.MAPPER.readTree(ready.body());
            assertThat(report.path("status").asText()).isEqualTo("DOWN");
            assertThat(report.path("checks").path("proxmox").path("status").asText()).isEqualTo("DOWN");
            assertThat(report.path("checks").path("proxmox").path("message").asText()).startsWith("cannot reach https://127.0.0.1:");
            assertThat(report.path("checks").path("database").path("status").asText()).isEqualTo("UP");
            HttpResponse<String> live = get("/api/health/live");
            assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
            JsonNode liveness = Json.MAPPER.readTree(live.body()).path("checks");
            assertThat(liveness.has("proxmox")).as("not a liveness check").isFalse();
            assertThat(liveness.path("database").path("status").asText()).isEqualTo("UP");
        } finally {
            lab.sandbox.proxmox().faults().reset();
        }
    }
}
