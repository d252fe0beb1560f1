package pmgr.models.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.common.Json;
import pmgr.common.Poll;
import pmgr.sandbox.SandboxLab;
import pmgr.sandbox.games.MinecraftServerSetup;
import pmgr.store.RunRecord;
import pmgr.testing.Lab;
import pmgr.testing.Tools;

/**
 * The monitoring pipeline end to end: setup-monitoring and setup-game-metrics on a sandbox VM (the
 * REAL node exporter, started by the sandbox's service stand-in on the VM's address), the target
 * file on the sandbox hub, and a REAL Prometheus reading that folder through file_sd and scraping
 * the VM - queried over its HTTP API for the game metrics collect-game-metrics wrote.
 */
class MonitoringEndToEndTest {
    /** A second Minecraft server on allthemons, as the bench copies the definition. */
    static final String SECOND = "allthemons2";

    @TempDir
    static Path dir;
    static Lab lab;
    static Process prometheus;
    static Path prometheusLog;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final List<Long> exporterPids = new ArrayList<>();
    /** The hub as discover saw it before Prometheus was started. */
    static RunRecord discoverWithoutPrometheus;
    static Map<String, Object> hubWithoutPrometheus;

    @BeforeAll
    static void start() throws Exception {
        Tools.require("tmux");
        Tools.require("prometheus");
        Tools.require("prometheus-node-exporter");
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("definitions"));
        Files.writeString(home.resolve("definitions/" + SECOND + "Minecraft.yaml"),
                Files.readString(Path.of("definitions/allthemonsMinecraft.yaml"))
                        .replace("name: allthemonsMinecraft", "name: " + SECOND + "Minecraft")
                        .replace("serverName: allthemons", "serverName: " + SECOND)
                        .replace("tmuxSession: mons", "tmuxSession: mons2")
                        .replace("~/mons", "~/mons2"));
        lab = Lab.start(home, SandboxLab.Options.fast().withGameHosts(true));
        lab.sandbox.host("allthemons").installMinecraft(MinecraftServerSetup.of("mons2").withPlayers(List.of("carol"))
                .withBootDelay(Duration.ofMillis(500)).withStopDelay(Duration.ofSeconds(1)));
        discoverWithoutPrometheus = lab.method("hancockMonitoring", "discover", Map.of());
        hubWithoutPrometheus = lab.engine.store().latest("hancockMonitoring", "hub", "hub").map(v -> v.attributes()).orElse(Map.of());
        startPrometheus();
        succeeded(lab.run("sync-fleet", Map.of()));
    }

    /** Prometheus on the hub's address, at the port the sandbox keeps for it, reading the hub's targets folder. */
    static void startPrometheus() throws Exception {
        Path promDir = dir.resolve("prometheus");
        Files.createDirectories(promDir.resolve("data"));
        Path config = promDir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: file-sd
                    scrape_interval: 1s
                    scrape_timeout: 1s
                    file_sd_configs:
                      - files: ['%s/*.json']
                        refresh_interval: 1s
                """.formatted(lab.sandbox.hubTargetsDir()));
        prometheusLog = promDir.resolve("prometheus.log");
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + promDir.resolve("data"),
                "--web.listen-address=" + SandboxLab.hubAddress() + ":" + lab.sandbox.hubPrometheusPort())
                .redirectErrorStream(true).redirectOutput(prometheusLog.toFile()).start();
        Optional<Boolean> ready = Poll.within(Duration.ofSeconds(30), Duration.ofMillis(500)).until(() ->
                Optional.ofNullable(get("/-/ready").filter(body -> body.contains("Ready")).map(b -> true).orElse(null)));
        assertThat(ready).as("Prometheus did not answer /-/ready at " + prometheusUrl() + " within 30s; its log:\n" + log()).isPresent();
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (lab != null) {
            lab.close();
        }
        // the VMs' node exporters end with their hosts: none may outlive the lab
        pmgr.testing.Survivors.assertNoneOutlived(exporterPids, "node exporters that outlived their sandbox hosts");
    }

    static String prometheusUrl() {
        return "http://" + SandboxLab.hubAddress() + ":" + lab.sandbox.hubPrometheusPort();
    }

    static String log() {
        try {
            return Files.readString(prometheusLog);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static Optional<String> get(String path) throws InterruptedException {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The series of an instant PromQL query: each as its labels plus "value". */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> query(String promql) throws InterruptedException {
        Optional<String> body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (body.isEmpty()) {
            return List.of();
        }
        Map<String, Object> data = (Map<String, Object>) Json.readMap(body.get()).get("data");
        List<Map<String, Object>> series = new ArrayList<>();
        for (Object o : (List<Object>) data.get("result")) {
            Map<String, Object> result = (Map<String, Object>) o;
            Map<String, Object> s = new java.util.LinkedHashMap<>((Map<String, Object>) result.get("metric"));
            s.put("value", ((List<Object>) result.get("value")).get(1));
            series.add(s);
        }
        return series;
    }

    /** Waits (bounded) until the query has a series matching; the failure says what it waited for. */
    static Map<String, Object> awaitSeries(String promql, java.util.function.Predicate<Map<String, Object>> matching, String what)
            throws InterruptedException {
        List<List<Map<String, Object>>> last = new ArrayList<>(List.of(List.of()));
        Optional<Map<String, Object>> found = Poll.within(Duration.ofSeconds(45), Duration.ofSeconds(1)).until(() -> {
            List<Map<String, Object>> series = query(promql);
            last.set(0, series);
            return series.stream().filter(matching).findFirst();
        });
        assertThat(found).as("Prometheus never showed " + what + " for " + promql + " within 45s (last answer: " + last.get(0)
                + "; targets: " + get("/api/v1/targets").orElse("?") + ")").isPresent();
        return found.get();
    }

    static RunRecord succeeded(RunRecord r) {
        assertThat(r.status()).as(r.target() + ": " + r.error() + "\n" + r.logs()).isEqualTo("SUCCEEDED");
        return r;
    }

    static RunRecord failed(RunRecord r) {
        assertThat(r.status()).as(r.target() + " should fail:\n" + r.logs()).isEqualTo("FAILED");
        return r;
    }

    static Map<String, Object> data(String instance, String spec, String name) {
        return lab.engine.store().latest(instance, spec, name).orElseThrow().attributes();
    }

    static Path vmFile(String vm, String relative) {
        return lab.sandbox.hostRoot(vm).resolve(relative);
    }

    static void rememberExporter(String vm) throws IOException {
        Path pidFile = vmFile(vm, "run/node-exporter.pid");
        if (Files.exists(pidFile)) {
            exporterPids.add(Long.parseLong(Files.readString(pidFile).trim()));
        }
    }

    @Test
    void gameMetricsOfTwoServersOnOneVmReachPrometheusLabelledWithTheirVm() throws Exception {
        RunRecord setup = succeeded(lab.run("setup-monitoring", Map.of("vmName", "allthemons")));
        assertThat(setup.steps()).extracting(s -> s.stepId())
                .contains("discover-hub", "lookup-vm", "install-agents", "configure-promtail", "register-target");
        rememberExporter("allthemons");
        // discover asked the hub: the fake Loki and this test's Prometheus both answer
        assertThat(data("hancockMonitoring", "hub", "hub")).containsEntry("lokiReady", true).containsEntry("prometheusReady", true)
                .containsEntry("prometheusUrl", prometheusUrl());
        assertThat(data("monitoringAgent", "install", "allthemons")).containsEntry("nodeExporterRunning", true);

        // the target file: the VM's IP, labelled with its name (what the dashboards' $vm selects)
        Path target = lab.sandbox.hubTargetsDir().resolve("allthemons.json");
        assertThat(Json.MAPPER.readTree(Files.readString(target))).isEqualTo(Json.MAPPER.readTree(
                "[{\"targets\":[\"127.0.0.2:9100\"],\"labels\":{\"job\":\"node\",\"instance\":\"allthemons\",\"vm\":\"allthemons\"}}]"));

        // promtail ships to the hub's Loki, labelled with the VM; its stand-in ran with that config
        String promtail = Files.readString(vmFile("allthemons", "etc/loki/promtail-local-config.yaml"));
        assertThat(promtail).contains("- url: " + data("hancockMonitoring", "hub", "hub").get("lokiPushUrl"))
                .contains("host: allthemons").contains("__path__: " + lab.sandbox.hostRoot("allthemons").toRealPath() + "/var/log/*.log");
        assertThat(vmFile("allthemons", "run/loki-promtail.started")).exists();

        succeeded(lab.run("setup-game-metrics", Map.of("vmName", "allthemons")));
        rememberExporter("allthemons");
        succeeded(lab.run("start-minecraft", Map.of("vmName", "allthemons")));
        succeeded(lab.method(SECOND + "Minecraft", "startMinecraftServer", Map.of()));
        succeeded(lab.run("collect-game-metrics", Map.of()));

        // gotcha 23: one file per server, so neither overwrites the other
        Path textfiles = vmFile("allthemons", "var/lib/node_exporter/textfile_collector");
        assertThat(textfiles.resolve("game_minecraft_allthemons.prom")).content().contains("game_players_online{game=\"minecraft\",server=\"allthemons\"} 2");
        assertThat(textfiles.resolve("game_minecraft_" + SECOND + ".prom")).content().contains("server=\"" + SECOND + "\"} 1");

        Map<String, Object> mons = awaitSeries("game_players_online{server=\"allthemons\"}", s -> "2".equals(s.get("value")),
                "allthemons' two players");
        assertThat(mons).containsEntry("instance", "allthemons").containsEntry("job", "node").containsEntry("vm", "allthemons");
        Map<String, Object> second = awaitSeries("game_players_online{server=\"" + SECOND + "\"}", s -> "1".equals(s.get("value")),
                SECOND + "'s one player");
        assertThat(second).containsEntry("instance", "allthemons");
        // the node series of the same VM carry the same instance: the dashboards' VM panels match them
        awaitSeries("node_uname_info{instance=\"allthemons\"}", s -> "1".equals(s.get("value")), "the VM's node series");
        awaitSeries("node_textfile_scrape_error{instance=\"allthemons\"}", s -> "0".equals(s.get("value")), "a clean textfile scrape");
        // the check file enableTextfileCollector wrote is gone again
        assertThat(textfiles.resolve(MonitoringAgentModel.CHECK_FILE)).doesNotExist();
    }

    @Test
    void discoverRecordsAHubThatIsNotReadyWithoutFailing() {
        succeeded(discoverWithoutPrometheus);
        assertThat(hubWithoutPrometheus).containsEntry("prometheusReady", false).containsEntry("lokiReady", true)
                .containsEntry("lokiPushUrl", "http://" + SandboxLab.hubAddress() + ":" + lab.sandbox.settings()
                        .get("pmgr.lab.monitoring.lokiPort") + "/loki/api/v1/push");
        assertThat(discoverWithoutPrometheus.logs().toString()).contains("Prometheus is not ready");
    }

    @Test
    void setupRunsAgainWithoutDuplicatingAnything() throws Exception {
        succeeded(lab.run("setup-monitoring", Map.of("vmName", "infinity")));
        rememberExporter("infinity");
        succeeded(lab.run("setup-game-metrics", Map.of("vmName", "infinity")));
        String targetBefore = Files.readString(lab.sandbox.hubTargetsDir().resolve("infinity.json"));

        succeeded(lab.run("setup-monitoring", Map.of("vmName", "infinity")));
        succeeded(lab.run("setup-game-metrics", Map.of("vmName", "infinity")));
        rememberExporter("infinity");

        List<String> conf = Files.readAllLines(vmFile("infinity", "etc/conf.d/node-exporter"));
        assertThat(conf).filteredOn(l -> l.startsWith("ARGS=")).containsExactly("ARGS=\"--collector.textfile.directory="
                + lab.sandbox.hostRoot("infinity").toRealPath() + "/var/lib/node_exporter/textfile_collector\"");
        assertThat(Files.readAllLines(vmFile("infinity", "etc/apk/world")))
                .containsOnlyOnce("prometheus-node-exporter", "loki-promtail", "loki-promtail-openrc");
        assertThat(Files.readAllLines(vmFile("infinity", "etc/apk/repositories")))
                .contains("http://dl-cdn.alpinelinux.org/alpine/v3.21/community");
        assertThat(vmFile("infinity", "etc/runlevels/default/node-exporter")).exists();
        assertThat(Files.readString(lab.sandbox.hubTargetsDir().resolve("infinity.json"))).isEqualTo(targetBefore);
        try (var files = Files.list(lab.sandbox.hubTargetsDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").noneMatch(n -> n.endsWith(".tmp"));
        }
        // still exactly one exporter for the VM, answering on its address
        assertThat(pmgr.testing.Survivors.alive(exporterPids).stream()
                .filter(pid -> ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).map(a -> String.join(" ", a))
                        .orElse("").contains("127.0.0.3:9100"))).hasSize(1);
    }

    @Test
    void registeringAVmWithoutAnIpIsRefusedAndWritesNoFile() throws Exception {
        succeeded(lab.method("fleet", "lookup", Map.of("vmName", "gold-image"))); // stopped: no IP
        RunRecord r = failed(lab.method("hancockMonitoring", "register", Map.of("vmName", "gold-image")));
        assertThat(r.error()).contains("targetIp").contains("gold-image");
        assertThat(lab.sandbox.hubTargetsDir().resolve("gold-image.json")).doesNotExist();

        RunRecord bad = failed(lab.method("hancockMonitoring", "register", Map.of("vmName", "slate", "targetIp", "10.0.0.5;touch x")));
        assertThat(bad.error()).contains("targetIp").contains("IPv4 address or a host name");
        assertThat(lab.sandbox.hubTargetsDir().resolve("slate.json")).doesNotExist();

        // a workflow's vmName is checked before its first step
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> lab.engine.runner().start("setup-monitoring",
                Map.of("vmName", "allthemons; reboot"), "test"))).hasMessageContaining("vmName");

        // a VM name is a file name on the hub: one that could leave the folder is refused before anything runs
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> lab.engine.runner().startMethod("hancockMonitoring", "register",
                Map.of("vmName", "../etc/passwd", "targetIp", "10.0.0.5"), "test"))).hasMessageContaining("vmName");
    }

    @Test
    void installThenConfigureMonitoringWireAVm() throws Exception {
        succeeded(lab.run("install-monitoring", Map.of("vmName", "calamity")));
        rememberExporter("calamity");
        assertThat(vmFile("calamity", "etc/loki/promtail-local-config.yaml")).as("install leaves promtail unconfigured").doesNotExist();
        assertThat(vmFile("calamity", "etc/runlevels/default/loki-promtail")).exists();

        RunRecord r = succeeded(lab.run("configure-monitoring", Map.of("vmName", "calamity")));
        assertThat(r.steps()).extracting(s -> s.stepId()).contains("discover-hub", "lookup-vm", "configure-promtail", "register-target");
        assertThat(data("monitoringAgent", "config", "calamity")).containsEntry("promtailConfigured", true)
                .containsEntry("lokiUrl", data("hancockMonitoring", "hub", "hub").get("lokiPushUrl"));
        assertThat(vmFile("calamity", "run/loki-promtail.config")).content().contains("host: calamity");
        assertThat(data("hancockMonitoring", "target", "calamity")).containsEntry("targetIp", "127.0.0.4");
        awaitSeries("node_uname_info{instance=\"calamity\"}", s -> "1".equals(s.get("value")), "calamity's node series");
    }

    @Test
    void configureRefusesALokiUrlThatIsNoHttpUrl() throws Exception {
        Path config = vmFile("slate", "etc/loki/promtail-local-config.yaml");
        RunRecord r = failed(lab.method("monitoringAgent", "configure", Map.of("vmName", "slate", "lokiUrl", "http://x:3100/push' ; reboot")));
        assertThat(r.error()).contains("lokiUrl").contains("http:// or https:// URL");
        assertThat(config).as("nothing was written").doesNotExist();
    }

    @Test
    void setupGameMetricsInstallsNodeExporterWhenItIsMissing() throws Exception {
        // slate never had monitoring: the textfile collector's setup brings node exporter itself
        assertThat(vmFile("slate", "etc/apk/world")).doesNotExist();
        RunRecord r = succeeded(lab.run("setup-game-metrics", Map.of("vmName", "slate")));
        rememberExporter("slate");
        assertThat(data("monitoringAgent", "textfile", "slate")).containsEntry("textfileCollectorEnabled", true)
                .containsEntry("nodeExporterInstalledNow", true);
        assertThat(r.logs().toString()).contains("installed prometheus-node-exporter (it was missing)");
        assertThat(Files.readAllLines(vmFile("slate", "etc/apk/world"))).contains("prometheus-node-exporter");
    }

    @Test
    void monitoringAStoppedVmFailsSayingItIsNotRunning() {
        RunRecord r = failed(lab.run("install-monitoring", Map.of("vmName", "gold-image")));
        assertThat(r.error()).contains("ssh.host is required");
    }
}
