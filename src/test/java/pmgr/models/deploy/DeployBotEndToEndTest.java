package pmgr.models.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import pmgr.common.Json;
import pmgr.sandbox.SandboxLab;
import pmgr.sandbox.games.GameHost;
import pmgr.store.RunRecord;
import pmgr.testing.Lab;
import pmgr.testing.RunnableJar;
import pmgr.testing.Tools;

/**
 * deploy-bot end to end in the sandbox: this application's jar (built from this build's classes),
 * home, configuration and sealed vault go to slate over SCP, the docker stand-in builds the image
 * from the shipped Dockerfile and runs its entrypoint - a REAL {@code java -jar .../pmgr.jar serve}
 * on slate's address - and the run waits for its health check. Then: nothing secret on slate's
 * command lines, in the stored data or the run logs; a second deploy sends nothing unchanged;
 * setup-docker changes nothing the second time; bad container parts are refused before any SSH.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SuppressWarnings("unchecked")
class DeployBotEndToEndTest {
    static final Duration DEPLOY_WAIT = Duration.ofMinutes(4);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The Discord token the bot would use: it may reach slate only inside the sealed vault. */
    static final String DISCORD_TOKEN = "test-discord-token-" + UUID.randomUUID();

    @TempDir
    static Path dir;
    static Lab lab;
    static Path slate;
    static String vaultKey;
    static final List<Long> deployedPids = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Tools.require("tmux");
        Path jar = RunnableJar.build(dir.resolve("build/pmgr.jar"));
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("beans"));
        Files.writeString(home.resolve("beans/notes.txt"), "removed locally before the second deploy\n");
        lab = Lab.start(home, SandboxLab.Options.fast().withGameHosts(true), Map.of("pmgr.lab.deploy.jar", jar.toString()));
        lab.engine.vault().put("discord", "discord-token", DISCORD_TOKEN);
        vaultKey = Files.readString(home.resolve("data/vault.key")).trim();
        slate = lab.sandbox.hostRoot("slate").toRealPath();
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
        // the deployed copy ends with slate's host: it may not outlive the lab
        List<Long> leaked = deployedPids.stream().filter(pid -> ProcessHandle.of(pid).map(p -> {
            try {
                p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS); // killed: gone a moment later
                return false;
            } catch (Exception stillThere) {
                return p.isAlive();
            }
        }).orElse(false)).toList();
        leaked.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        assertThat(leaked).as("deployed pmgr processes that outlived slate's host").isEmpty();
    }

    static RunRecord run(String workflow, Map<String, ?> inputs) throws Exception {
        return lab.engine.runner().await(lab.engine.runner().start(workflow, inputs, "test"), DEPLOY_WAIT);
    }

    static void succeeded(RunRecord r) {
        assertThat(r.status()).as(r.id() + " " + r.error() + "\n" + String.join("\n", r.logs().stream().map(RunRecord.LogLine::line).toList()))
                .isEqualTo("SUCCEEDED");
    }

    static int port() {
        return Integer.parseInt(lab.engine.settings().get("pmgr.lab.deploy.port"));
    }

    static HttpResponse<String> health() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.5:" + port() + "/api/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Path container() {
        return slate.resolve(".containers/pmgr");
    }

    static long deployedPid() throws Exception {
        long pid = Long.parseLong(Files.readString(container().resolve("pid")).trim());
        deployedPids.add(pid);
        return pid;
    }

    static Map<String, Object> deployRecord() {
        return lab.engine.store().latest("slateDeploy", "deploy", "slateDeploy").orElseThrow().attributes();
    }

    @Test
    @Order(1)
    void deployBotRunsTheRealApplicationOnSlate() throws Exception {
        RunRecord r = run("deploy-bot", Map.of());
        succeeded(r);
        assertThat(r.steps()).extracting(RunRecord.StepRecord::stepId)
                .containsExactly("lookup-slate", "copy", "build-image", "start-bot", "wait-healthy", "annotate");
        assertThat(r.steps()).allSatisfy(s -> assertThat(s.status()).isEqualTo("SUCCEEDED"));
        // the deploy is marked on the dashboards (issue 11's deploy annotation)
        assertThat(lab.sandbox.grafana().annotations()).anyMatch(a -> a.path("text").asText().equals("pmgr deployed to slate")
                && a.path("tags").toString().equals("[\"deploy\",\"bot\"]"));

        HttpResponse<String> health = health();
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        Map<String, Object> body = Json.toMap(Json.MAPPER.readValue(health.body(), Map.class));
        assertThat(body.get("status")).isEqualTo("UP");
        // its configuration is the copied one: the sandbox's, with the bot off on purpose
        assertThat(health.body()).contains("\"database\":{\"status\":\"UP\"", "off: pmgr.bot.enabled=false");
        assertThat(Files.readString(container().resolve("log"))).contains("discord bot: off (pmgr.bot.enabled=false)");

        // what answers is the container's process: java -jar with the image's copy of the deployed jar, serve
        long pid = deployedPid();
        String commandLine = ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
        assertThat(commandLine).contains("-jar " + container().resolve("rootfs/opt/pmgr/pmgr.jar")).endsWith(" serve");
        assertThat(Files.readString(slate.resolve("opt/pmgr/app/target/pmgr.jar").toAbsolutePath().getParent()
                .resolve("../docker/Dockerfile").normalize())).contains("ENTRYPOINT");
        assertThat(Files.readAllBytes(container().resolve("rootfs/opt/pmgr/pmgr.jar")))
                .isEqualTo(Files.readAllBytes(dir.resolve("build/pmgr.jar")));

        // the image: tag, context and the Dockerfile used, as docker build was told
        Path image = slate.resolve(".docker-images/pmgr");
        assertThat(Files.readString(image.resolve("context")).trim()).isEqualTo(slate.resolve("opt/pmgr/app").toString());
        assertThat(Files.readString(image.resolve("dockerfile")).trim()).isEqualTo(slate.resolve("opt/pmgr/app/docker/Dockerfile").toString());
        assertThat(image.resolve("Dockerfile")).hasSameTextualContentAs(Path.of("docker/Dockerfile"));

        // docker run got each part as its own word
        List<String> argv = Files.readAllLines(container().resolve("argv"));
        String p = "127.0.0.5:" + port() + ":" + port();
        assertThat(argv).containsSubsequence("-d", "--name", "pmgr", "--restart", "unless-stopped", "-p", p,
                "-v", slate.resolve("opt/pmgr/data") + ":/opt/pmgr/data",
                "-v", slate.resolve("opt/pmgr/config/application.properties") + ":/opt/pmgr/application.properties:ro",
                "-v", slate.resolve("opt/pmgr/config/vault.sealed.json") + ":/opt/pmgr/vault.sealed.json:ro", "--env-file");
        assertThat(argv.get(argv.size() - 1)).isEqualTo("pmgr");
        // the env file was sent 0600 over SCP, read by docker run and removed
        try (Stream<Path> left = Files.list(slate)) {
            assertThat(left.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".pmgr-") && n.endsWith(".env"));
        }
    }

    @Test
    @Order(2)
    void theVaultAndItsKeyAreOwnerOnlyAndTheCopyTookTheVaultIn() throws Exception {
        for (String secret : List.of("opt/pmgr/data/vault.key", "opt/pmgr/config/vault.sealed.json", "opt/pmgr/config/application.properties")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(slate.resolve(secret)))).as(secret).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(slate.resolve("opt/pmgr/config")))).isEqualTo("rwx------");
        assertThat(Files.readString(slate.resolve("opt/pmgr/data/vault.key")).trim()).isEqualTo(vaultKey);
        String sealed = Files.readString(slate.resolve("opt/pmgr/config/vault.sealed.json"));
        assertThat(sealed).contains("\"discord-token\"").doesNotContain(DISCORD_TOKEN);
        assertThat(Files.readString(slate.resolve("opt/pmgr/config/application.properties")))
                .contains("pmgr.http.host=127.0.0.5", "pmgr.http.port=" + port(), "pmgr.vault.import-file=vault.sealed.json",
                        "pmgr.lab.proxmox.apiUrl=" + lab.sandbox.settings().get("pmgr.lab.proxmox.apiUrl"))
                .doesNotContain(DISCORD_TOKEN, vaultKey);

        // the copy opened the vault with the key it got: its API lists the token's key
        String token = Files.readString(slate.resolve("opt/pmgr/data/api-token")).trim();
        HttpResponse<String> vault = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.5:" + port() + "/api/vault"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(vault.statusCode()).as(vault.body()).isEqualTo(200);
        assertThat(vault.body()).contains("discord-token").contains("proxmox-vault");
    }

    @Test
    @Order(3)
    void noSecretOnSlatesCommandLinesInStoredDataOrRunLogs() throws Exception {
        GameHost host = lab.sandbox.host("slate");
        assertThat(host.commandLines()).isNotEmpty().noneMatch(l -> l.contains(DISCORD_TOKEN) || l.contains(vaultKey));
        for (String instance : List.of("slateDeploy", "slateDocker", "fleet", "grafanaHub")) {
            String data = Json.write(lab.engine.store().latestAll(instance));
            assertThat(data).as(instance).doesNotContain(DISCORD_TOKEN).doesNotContain(vaultKey);
        }
        for (var summary : lab.engine.ledger().list(50, null)) {
            String record = Json.write(lab.engine.ledger().get(summary.id()).orElseThrow());
            assertThat(record).doesNotContain(DISCORD_TOKEN).doesNotContain(vaultKey);
        }
    }

    @Test
    @Order(4)
    void aSecondDeploySendsNothingUnchangedAndRemovesWhatIsGone() throws Exception {
        long first = deployedPid();
        Map<String, Object> before = deployRecord();
        assertThat((List<Object>) before.get("sent")).contains("app/target/pmgr.jar", "config/vault.sealed.json", "data/vault.key",
                "app/beans/notes.txt");
        Path database = slate.resolve("opt/pmgr/data");
        try (Stream<Path> files = Files.list(database)) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("pmgr")); // the copy's own database
        }
        Files.delete(lab.home.resolve("beans/notes.txt"));

        RunRecord r = run("deploy-bot", Map.of());
        succeeded(r);
        Map<String, Object> after = deployRecord();
        assertThat((List<Object>) after.get("sent")).isEmpty();
        assertThat((List<Object>) after.get("removed")).containsExactly("app/beans/notes.txt");
        assertThat(slate.resolve("opt/pmgr/app/beans/notes.txt")).doesNotExist();
        assertThat(after.get("unchanged")).isEqualTo(after.get("files"));
        // the container was replaced, and the new one answers with the copy's data kept
        assertThat(deployedPid()).isNotEqualTo(first);
        assertThat(health().statusCode()).isEqualTo(200);
        assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    @Order(5)
    void setupDockerInstallsOnceThenChangesNothing() throws Exception {
        RunRecord first = run("setup-docker", Map.of("vmName", "infinity"));
        succeeded(first);
        Map<String, Object> installed = lab.engine.store().latest("dockerEngine", "result", "result").orElseThrow().attributes();
        assertThat(installed.get("changed")).isEqualTo(true);
        assertThat((List<Object>) installed.get("changes")).containsExactly("installed docker", "enabled docker at boot", "started docker");

        RunRecord second = run("setup-docker", Map.of("vmName", "infinity"));
        succeeded(second);
        Map<String, Object> again = lab.engine.store().latest("dockerEngine", "result", "result").orElseThrow().attributes();
        assertThat(again.get("changed")).isEqualTo(false);
        Path infinity = lab.sandbox.hostRoot("infinity");
        assertThat(Files.readAllLines(infinity.resolve("etc/apk/world"))).containsOnlyOnce("docker");
        assertThat(infinity.resolve("etc/runlevels/default/docker")).exists();
        assertThat(infinity.resolve("run/docker.started")).exists();
    }

    @Test
    @Order(6)
    void badContainerPartsAreRefusedBeforeAnythingRuns() throws Exception {
        GameHost host = lab.sandbox.host("slate");
        int commands = host.commandLines().size();
        Map<String, Map<String, Object>> bad = Map.of(
                "argument 'ports' item 1 must be [ip:]hostPort[:containerPort][/tcp|udp]", Map.of("ports", List.of("80:80; rm -rf /")),
                "argument 'volumes' item 2 must be hostPath:containerPath", Map.of("volumes", List.of("/srv/a:/a", "/srv/../etc:/etc")),
                "argument 'env': the name 'BAD NAME'", Map.of("env", Map.of("BAD NAME", "x")),
                "argument 'containerName' must be letters", Map.of("containerName", "pmgr; reboot"),
                "argument 'restart' must be no, always, unless-stopped", Map.of("restart", "always && reboot"));
        for (var c : bad.entrySet()) {
            // refused when the call is made (a plain argument's rule) or when the method binds it (a list's items): never run
            String error;
            try {
                RunRecord r = lab.method("slateDocker", "run", c.getValue());
                assertThat(r.status()).as(c.getKey()).isEqualTo("FAILED");
                error = r.error();
            } catch (IllegalStateException refused) {
                error = refused.getMessage();
            }
            assertThat(error).contains(c.getKey());
        }
        assertThat(host.commandLines()).hasSize(commands);
    }

    @Test
    @Order(7)
    void anEnvironmentSecretTravelsOnlyAsAFile() throws Exception {
        String secret = "env-secret-" + UUID.randomUUID();
        lab.engine.vault().put("proxmox-vault", "test-env-secret", secret); // known as a secret, so masked where it could show
        Files.createDirectories(slate.resolve("envtest"));
        Files.writeString(slate.resolve("envtest/Dockerfile"), "FROM alpine:3.21\nENTRYPOINT [\"sleep\"]\nCMD [\"60\"]\n");
        succeeded(lab.method("slateDocker", "build", Map.of("imageTag", "envtest", "contextPath", "~/envtest",
                "dockerfile", "~/envtest/Dockerfile")));
        RunRecord r = lab.method("slateDocker", "run", Map.of("containerName", "envcheck", "imageTag", "envtest",
                "env", Map.of("APP_SECRET", secret), "command", List.of("30")));
        succeeded(r);
        List<String> argv = Files.readAllLines(slate.resolve(".containers/envcheck/argv"));
        assertThat(argv).containsSubsequence("--env-file", "envtest", "30").noneMatch(a -> a.contains(secret));
        long pid = Long.parseLong(Files.readString(slate.resolve(".containers/envcheck/pid")).trim());
        assertThat(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")))).contains("APP_SECRET=" + secret);
        assertThat(lab.sandbox.host("slate").commandLines()).noneMatch(l -> l.contains(secret));
        assertThat(Json.write(lab.engine.store().latest("slateDocker", "container", "envcheck").orElseThrow()))
                .contains("APP_SECRET").doesNotContain(secret);
        try (Stream<Path> left = Files.list(slate)) {
            assertThat(left.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".pmgr-") && n.endsWith(".env"));
        }
        succeeded(lab.method("slateDocker", "stop", Map.of("containerName", "envcheck")));
        assertThat(slate.resolve(".containers/envcheck")).doesNotExist();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
}
