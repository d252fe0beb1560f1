package pmgr.models.games;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.sandbox.SandboxLab;
import pmgr.store.RunRecord;
import pmgr.testing.Cli;
import pmgr.testing.Lab;
import pmgr.testing.Tools;

/**
 * The game workflows end to end: the shipped definitions and workflows, the sandbox Proxmox node,
 * and sandbox game VMs reached over real SSH (Apache MINA sshd on loopback addresses) whose consoles
 * run under real tmux.
 */
class GameServersEndToEndTest {
    static final Map<String, Object> MONS = Map.of("vmName", "allthemons", "tmuxSession", "mons", "serverDir", "~/mons",
            "startScript", "./startserver.sh", "logPath", "~/mons/logs/latest.log");

    @TempDir
    static Path dir;
    static Lab lab;

    @BeforeAll
    static void start() {
        Tools.require("tmux");
        lab = Lab.start(dir, SandboxLab.Options.fast().withGameHosts(true));
        assertThat(lab.run("sync-fleet", Map.of()).status()).isEqualTo("SUCCEEDED");
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

    static Map<String, Object> data(String instance, String spec, String name) {
        return lab.engine.store().latest(instance, spec, name).orElseThrow().attributes();
    }

    static double sshCommands(String host, String outcome) {
        var c = pmgr.common.Meters.registry().find("pmgr.ssh.commands").tag("host", host).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    static String refused(String method, Map<String, Object> args) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(pmgr.engine.ArgumentException.class,
                () -> lab.engine.runner().startMethod("allthemonsMinecraft", method, args, "test")).getMessage();
    }

    static String hostFile(String vm, String relative) throws Exception {
        return Files.readString(lab.sandbox.hostRoot(vm).resolve(relative));
    }

    @Test
    void minecraftStartsReportsPlayersTakesOpsRebootsAndStopsWithAWarning() throws Exception {
        // the server's layout comes from its definition (allthemonsMinecraft): the VM's name is enough
        double sshBefore = sshCommands("127.0.0.2", "ok");
        RunRecord start = succeeded(lab.run("start-minecraft", Map.of("vmName", "allthemons")));
        assertThat(start.inputs()).isEqualTo(MONS);
        assertThat(sshCommands("127.0.0.2", "ok")).as("SSH commands are counted by host").isGreaterThan(sshBefore);
        assertThat(data("minecraftGame", "server", "allthemons")).containsEntry("serverReady", true).containsEntry("ip", "127.0.0.2");

        long connections = lab.sandbox.host("allthemons").sshConnections();
        RunRecord status = succeeded(lab.run("status-minecraft", MONS));
        assertThat(status.logs()).extracting(RunRecord.LogLine::line).contains("2/20 players online: alice, bob");
        assertThat(data("minecraftGame", "server", "allthemons")).containsEntry("online", 2L).containsEntry("max", 20L)
                .containsEntry("players", List.of("alice", "bob"));
        assertThat(lab.sandbox.host("allthemons").sshConnections() - connections)
                .as("one SSH connection asks the console and waits for its answer").isEqualTo(1);
        connections = lab.sandbox.host("allthemons").sshConnections();
        succeeded(lab.method("allthemonsMinecraft", "collectMetrics", Map.of()));
        assertThat(lab.sandbox.host("allthemons").sshConnections() - connections)
                .as("collecting: one connection asks, reads the answer and writes the files").isEqualTo(1);
        assertThat(data("allthemonsMinecraft", "metrics", "allthemons")).containsEntry("online", 2L);
        assertThat(hostFile("allthemons", "var/lib/node_exporter/textfile_collector/game_minecraft_allthemons.prom"))
                .contains("game_players_online{game=\"minecraft\",server=\"allthemons\"} 2",
                        "game_players_max{game=\"minecraft\",server=\"allthemons\"} 20");
        assertThat(hostFile("allthemons", "var/log/game-players.log").lines().reduce((a, b) -> b).orElseThrow())
                .contains("\"server\":\"allthemons\",\"running\":true,\"online\":2,\"max\":20,\"players\":[\"alice\",\"bob\"]");

        succeeded(lab.method("allthemonsMinecraft", "op", Map.of("playerName", "alice")));
        succeeded(lab.method("allthemonsMinecraft", "deop", Map.of("playerName", "alice")));
        succeeded(lab.method("allthemonsMinecraft", "say", Map.of("message", "backup at 5 o'clock; don't log out")));
        String log = hostFile("allthemons", "mons/logs/latest.log");
        assertThat(log).contains("Made alice a server operator", "Made alice no longer a server operator",
                "[Server] backup at 5 o'clock; don't log out");

        RunRecord reboot = succeeded(lab.run("reboot-minecraft", MONS));
        assertThat(reboot.logs()).extracting(RunRecord.LogLine::line).contains("Warned players; waiting 1s")
                .anySatisfy(l -> assertThat(l).startsWith("Server exited after"))
                .anySatisfy(l -> assertThat(l).startsWith("Server is ready!"));
        assertThat(hostFile("allthemons", "mons/logs/latest.log")).contains("Done (");

        RunRecord stop = succeeded(lab.run("stop-minecraft", MONS));
        assertThat(stop.steps()).extracting(RunRecord.StepRecord::stepId)
                .containsExactly("lookup", "warn-players", "record-access", "stop-minecraft", "stop-vm", "annotate");
        assertThat(data("minecraftGame", "server", "allthemons")).containsEntry("alreadyStopped", false).containsEntry("timedOut", false);
        assertThat(lab.sandbox.proxmox().vm(108).orElseThrow().running()).isFalse();
        // the players were told on the server's console, before it went down
        String lastSession = hostFile("allthemons", "mons/logs/latest.log");
        assertThat(lastSession).contains("[Server] == SERVER SHUTTING DOWN IN 1 SECONDS ==");
        assertThat(lastSession.indexOf("SERVER SHUTTING DOWN")).isLessThan(lastSession.indexOf("Stopping the server"));

        // the VM is off: status says "not running" and succeeds; stopping again is already done
        RunRecord off = succeeded(lab.run("status-minecraft", MONS));
        assertThat(off.logs()).extracting(RunRecord.LogLine::line).contains("No sshHost - the VM is stopped");
        assertThat(data("minecraftGame", "server", "allthemons")).containsEntry("serverRunning", false);
        RunRecord again = succeeded(lab.run("stop-minecraft", MONS));
        assertThat(again.logs()).extracting(RunRecord.LogLine::line).contains("No sshHost - the VM is stopped", "The server is stopped already");
    }

    @Test
    void terrariaStartsReportsPlayersWritesMetricsAndStopsTwice() throws Exception {
        succeeded(lab.run("start-calamity", Map.of()));
        long connections = lab.sandbox.host("calamity").sshConnections();
        RunRecord status = succeeded(lab.run("status-calamity", Map.of()));
        assertThat(lab.sandbox.host("calamity").sshConnections() - connections).as("one SSH connection per status").isEqualTo(1);
        assertThat(status.steps()).extracting(RunRecord.StepRecord::stepId).containsExactly("lookup-vm", "check-status");
        assertThat(data("calamityTerraria", "server", "calamity")).containsEntry("serverRunning", true)
                .containsEntry("online", 2L).containsEntry("players", List.of("Guide", "Nurse"));

        succeeded(lab.method("calamityTerraria", "collectMetrics", Map.of()));
        assertThat(data("calamityTerraria", "metrics", "calamity")).containsEntry("online", 2L);
        String prom = hostFile("calamity", "var/lib/node_exporter/textfile_collector/game_terraria_calamity.prom");
        PrometheusFormat.check(prom);
        assertThat(prom).contains("game_players_online{game=\"terraria\",server=\"calamity\"} 2", "game_server_running{game=\"terraria\",server=\"calamity\"} 1")
                .doesNotContain("game_players_max");
        assertThat(hostFile("calamity", "var/log/game-players.log")).contains("\"game\":\"terraria\",\"server\":\"calamity\",\"running\":true,\"online\":2,\"max\":null,\"players\":[\"Guide\",\"Nurse\"]");

        // the pane still shows the earlier answer, and the server is slow to give the new one: the new one is read
        Path container = lab.sandbox.hostRoot("calamity").resolve(".containers/tmodloader");
        Files.writeString(container.resolve("players"), "Guide\n");
        Files.writeString(container.resolve("answer-delay"), "0.5\n");
        try {
            succeeded(lab.run("status-calamity", Map.of()));
        } finally {
            Files.delete(container.resolve("answer-delay"));
        }
        assertThat(data("calamityTerraria", "server", "calamity")).containsEntry("online", 1L).containsEntry("players", List.of("Guide"));

        String imageBefore = hostFile("calamity", ".containers/tmodloader/image-version").strip();
        succeeded(lab.run("update-calamity", Map.of()));
        // the update pulled a newer image and recreated the container on it
        String imageAfter = hostFile("calamity", ".containers/tmodloader/image-version").strip();
        assertThat(Integer.parseInt(imageAfter)).isEqualTo(Integer.parseInt(imageBefore) + 1);
        assertThat(hostFile("calamity", ".containers/tmodloader/started-version").strip()).isEqualTo(imageAfter);
        succeeded(lab.method("calamity", "status", Map.of()));
        assertThat(data("calamity", "result", "result").get("output").toString()).contains("tmodloader");
        RunRecord stop = succeeded(lab.run("stop-calamity", Map.of()));
        assertThat(lab.sandbox.proxmox().vm(107).orElseThrow().running()).isFalse();
        // the game operations are marked on the dashboards (tagged as the Game Servers dashboard reads them)
        assertThat(stop.steps().get(stop.steps().size() - 1)).extracting(RunRecord.StepRecord::stepId, RunRecord.StepRecord::status)
                .containsExactly("annotate", "SUCCEEDED");
        assertThat(lab.sandbox.grafana().annotations()).anyMatch(a -> a.path("text").asText().equals("calamity started")
                && a.path("tags").toString().equals("[\"game\",\"start\",\"calamity\"]"));
        assertThat(lab.sandbox.grafana().annotations()).anyMatch(a -> a.path("text").asText().equals("calamity stopped")
                && a.path("tags").toString().equals("[\"game\",\"stop\",\"calamity\"]"));
        // with Grafana down the server still stops: the mark is a warning, not a failed command
        lab.sandbox.grafana().pause();
        RunRecord again;
        try {
            again = succeeded(lab.run("stop-calamity", Map.of()));
        } finally {
            lab.sandbox.grafana().resume();
        }
        assertThat(again.logs()).extracting(RunRecord.LogLine::line).contains("No sshHost - the VM is stopped, so its services are too");
        RunRecord.StepRecord mark = again.steps().get(again.steps().size() - 1);
        assertThat(mark.stepId()).isEqualTo("annotate");
        assertThat(mark.status()).isEqualTo("WARNING");
        assertThat(mark.error()).contains("cannot reach Grafana at " + lab.sandbox.grafana().baseUrl());
    }

    @Test
    void collectingMetricsCoversEveryServerWhenOneVmIsStoppedAndOneUnreachable() throws Exception {
        succeeded(lab.run("start-minecraft", Map.of("vmName", "infinity", "tmuxSession", "infinity", "serverDir", "~/game",
                "startScript", "./start.sh", "logPath", "~/game/logs/latest.log")));
        lab.sandbox.proxmox().setPower(108, false);                      // allthemons: VM stopped
        succeeded(lab.run("start-vm", Map.of("vmName", "calamity")));   // calamity: runs...
        lab.sandbox.cutNetwork("calamity");                              // ...but SSH to it fails
        lab.sandbox.settle();
        RunRecord r;
        try {
            r = succeeded(lab.run("collect-game-metrics", Map.of()));
        } finally {
            lab.sandbox.restoreNetwork("calamity");
        }
        assertThat(r.steps()).extracting(RunRecord.StepRecord::stepId, RunRecord.StepRecord::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sync-fleet", "SUCCEEDED"),
                org.assertj.core.groups.Tuple.tuple("collect", "SUCCEEDED"));
        assertThat(data("infinityMinecraft", "metrics", "infinity")).containsEntry("serverRunning", true).containsEntry("online", 0L);
        assertThat(data("allthemonsMinecraft", "metrics", "allthemons")).containsEntry("serverRunning", false);
        assertThat(data("calamityTerraria", "metrics", "calamity")).containsEntry("serverRunning", false);
        assertThat(r.logs()).extracting(RunRecord.LogLine::line).contains("No sshHost - the VM is stopped", "SSH unreachable at 127.0.0.4");
        String prom = hostFile("infinity", "var/lib/node_exporter/textfile_collector/game_minecraft_infinity.prom");
        PrometheusFormat.check(prom);
        assertThat(prom).contains("game_players_max{game=\"minecraft\",server=\"infinity\"} 20");
        // the generic definition needs a run's inputs: it is not collected on its own
        assertThat(lab.engine.store().latest("minecraftGame", "metrics", "infinity")).isEmpty();
        succeeded(lab.run("stop-minecraft", Map.of("vmName", "infinity", "tmuxSession", "infinity", "serverDir", "~/game",
                "startScript", "./start.sh", "logPath", "~/game/logs/latest.log")));
    }

    @Test
    void badPlayerNamesAndInjectionAttemptsAreRefusedWithNothingSent() throws Exception {
        succeeded(lab.run("start-minecraft", MONS));
        String before = hostFile("allthemons", "mons/logs/latest.log");

        // refused before anything runs or is recorded
        assertThat(refused("op", Map.of("playerName", "bob; stop"))).isEqualTo("allthemonsMinecraft.op arguments: argument "
                + "'playerName' must be a Minecraft name: 3-16 letters, digits or underscores, got 'bob; stop'");
        assertThat(refused("deop", Map.of("playerName", "al"))).contains("argument 'playerName' must be a Minecraft name");
        RunRecord secondCommand = lab.method("allthemonsMinecraft", "say", Map.of("message", "hi\nstop"));
        assertThat(secondCommand.error()).contains("argument 'message' must be one line of at most 200 printable characters");
        assertThat(hostFile("allthemons", "mons/logs/latest.log")).isEqualTo(before);

        // shell syntax in a message is just text: it reaches the console as one say line
        succeeded(lab.method("allthemonsMinecraft", "say", Map.of("message", "'; tmux kill-server; echo '$(id)`id`")));
        assertThat(hostFile("allthemons", "mons/logs/latest.log")).contains("[Server] '; tmux kill-server; echo '$(id)`id`");
        assertThat(lab.sandbox.host("allthemons").runCommand("tmux has-session -t =mons && echo up").stdout()).contains("up");
        // tmux would take a trailing ';' for the end of its command and drop it: it arrives, and so does a '\;'
        succeeded(lab.method("allthemonsMinecraft", "say", Map.of("message", "see you;")));
        succeeded(lab.method("allthemonsMinecraft", "say", Map.of("message", "escaped\\;")));
        assertThat(hostFile("allthemons", "mons/logs/latest.log")).contains("[Server] see you;\n", "[Server] escaped\\;\n");

        Cli.Result injected = lab.cli("workflow", "run", "start-minecraft", "--input", "vmName=allthemons",
                "--input", "tmuxSession=mons;rm -rf ~", "--input", "serverDir=~/mons", "--input", "startScript=./startserver.sh",
                "--input", "logPath=~/mons/logs/latest.log");
        assertThat(injected.exitCode()).isEqualTo(2);
        assertThat(injected.err()).contains("input 'tmuxSession' must be letters, digits", "got 'mons;rm -rf ~'");
        succeeded(lab.run("stop-minecraft", MONS));
    }

    @Test
    void aChangedHostKeyIsRefusedLoudly() throws Exception {
        succeeded(lab.run("start-vm", Map.of("vmName", "slate")));
        lab.sandbox.settle();
        RunRecord first = lab.method("testVmSsh", "exec", Map.of("vmName", "slate", "command", "echo hello"));
        succeeded(first);
        Path knownHosts = dir.resolve("data/ssh/known_hosts");
        String original = Files.readString(knownHosts);
        String port = String.valueOf(lab.sandbox.host("slate").port());
        assertThat(Files.readString(knownHosts)).contains("[127.0.0.5]:" + port + " ssh-ed25519 ");
        // another key recorded for that host: a man in the middle, or a rebuilt host
        String other = Files.readString(knownHosts).lines().filter(l -> !l.startsWith("[127.0.0.5]")).findFirst().orElseThrow()
                .split(" ", 2)[1];
        Files.writeString(knownHosts, Files.readString(knownHosts).replaceAll("(?m)^\\[127\\.0\\.0\\.5\\]:" + port + " .*$",
                "[127.0.0.5]:" + port + " " + other.replace("$", "\\$")));
        RunRecord refused = lab.method("testVmSsh", "exec", Map.of("vmName", "slate", "command", "echo hello"));
        assertThat(refused.status()).isEqualTo("FAILED");
        assertThat(refused.error()).contains("the host key of [127.0.0.5]:" + port + " has CHANGED", "refusing to connect");
        Files.writeString(knownHosts, original);
    }

    @Test
    void sshHostHonoursItsTimeoutAndUploads() throws Exception {
        succeeded(lab.run("start-vm", Map.of("vmName", "gold-image")));
        lab.sandbox.settle();
        Instant t0 = Instant.now();
        RunRecord slow = lab.method("testVmSsh", "exec", Map.of("vmName", "gold-image", "command", "sleep 30", "timeout", 1));
        assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(15));
        assertThat(slow.error()).contains("was stopped after 1s (its time limit): sleep 30");
        Path local = dir.resolve("hello.txt");
        Files.writeString(local, "uploaded over SCP\n");
        succeeded(lab.method("testVmSsh", "upload", Map.of("vmName", "gold-image", "source", local.toString(), "dest", "~/incoming.txt")));
        assertThat(hostFile("gold-image", "incoming.txt")).isEqualTo("uploaded over SCP\n");
        RunRecord exec = succeeded(lab.method("testVmSsh", "exec", Map.of("vmName", "gold-image", "command", "cat ~/incoming.txt; echo oops >&2")));
        assertThat(lab.engine.store().latest("testVmSsh", "result", "result").orElseThrow().attributes())
                .containsEntry("stdout", "uploaded over SCP\n").containsEntry("stderr", "oops\n").containsEntry("exitCode", 0L);
        assertThat(exec.logs()).extracting(RunRecord.LogLine::line).anySatisfy(l -> assertThat(l).startsWith("Command completed"));
    }

    @Test
    void minecraftInstallPassesEveryInputTheServerNeedsAndStartsIt() throws Exception {
        succeeded(lab.run("start-vm", Map.of("vmName", "slate")));
        lab.sandbox.settle();
        Path pack = dir.resolve("server-pack.zip");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(pack))) {
            for (String name : List.of("startserver.sh", "fake-minecraft.sh")) {
                zip.putNextEntry(new java.util.zip.ZipEntry(name));
                try (var in = getClass().getResourceAsStream("/pmgr/sandbox/games/" + name)) {
                    in.transferTo(zip);
                }
            }
            zip.putNextEntry(new java.util.zip.ZipEntry("variables.txt"));
            zip.write("MODLOADER=NeoForge\nMINECRAFT_VERSION=1.21.1\nMODLOADER_VERSION=21.1.77\nJAVA_ARGS=\"-Xmx4G\"\nRESTART=true\n".getBytes());
        }
        RunRecord r = succeeded(lab.run("minecraft-install", Map.of("vmName", "slate", "serverPackPath", pack.toString(), "jvmMemory", "6G")));
        assertThat(r.steps()).extracting(RunRecord.StepRecord::stepId).containsExactlyInAnyOrder("lookup-vm", "install-deps",
                "upload-pack", "extract-pack", "configure-server", "start-server");
        assertThat(data("minecraftInstaller", "server", "slate")).containsEntry("modloader", "NeoForge").containsEntry("mcVersion", "1.21.1")
                .containsEntry("startScript", "./startserver.sh").containsEntry("serverDir", "~/game")
                .containsEntry("logPath", "~/game/logs/latest.log");
        assertThat(data("minecraftInstaller", "deps", "slate").get("javaVersion").toString()).contains("version");
        assertThat(hostFile("slate", "game/variables.txt")).contains("JAVA_ARGS=\"-Xmx6G -Xms6G\"", "RESTART=false");
        assertThat(hostFile("slate", "game/eula.txt")).isEqualTo("eula=true\n");
        assertThat(data("minecraftGame", "server", "slate")).containsEntry("serverReady", true);
        assertThat(lab.sandbox.host("slate").runCommand("tmux has-session -t =slate && echo up").stdout()).contains("up");
    }
}
