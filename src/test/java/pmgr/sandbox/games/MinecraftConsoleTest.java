package pmgr.sandbox.games;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.testing.Eventually;

/** Drives the fake Minecraft server with the manager's commands (spec 3.11), over SSH. */
class MinecraftConsoleTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String LOG = "~/mons/logs/latest.log";

    @TempDir
    Path temp;
    GameHost host;
    SshTestClient ssh;

    @BeforeEach
    void startHost() throws Exception {
        pmgr.testing.Tools.require("tmux");
        KeyPair key = SshTestClient.newKeyPair();
        host = GameHost.builder().name("allthemons").address("127.0.0.5").root(temp.resolve("vm"))
                .authorizedKey(key.getPublic()).build().start();
        host.installMinecraft(MinecraftServerSetup.of("mons").withPlayers(List.of("alice", "bob"))
                .withMaxPlayers(20).withBootDelay(Duration.ofMillis(500)).withStopDelay(Duration.ofMillis(500)));
        ssh = SshTestClient.login(host, key);
    }

    @AfterEach
    void stopHost() throws Exception {
        if (ssh != null) {
            ssh.close();
        }
        host.close();
    }

    @Test
    void startAnswerConsoleCommandsAndStop() throws Exception {
        CommandResult start = ssh.exec(
                "tmux new-session -d -s mons -c ~/mons 'bash ./startserver.sh 2>&1 | tee ~/mc-start-mons.log'");
        assertThat(start.exitCode()).as(start.stderr()).isZero();
        Eventually.await("the Done line", BOUND, () ->
                ssh.exec("grep -q '\\]: Done (' " + LOG + " 2>/dev/null && echo READY || echo WAITING")
                        .stdout().trim().equals("READY"));
        assertThat(ssh.exec("tmux has-session -t mons 2>/dev/null && echo exists || echo missing").stdout().trim())
                .isEqualTo("exists");
        assertThat(Files.readString(host.root().resolve("mons/logs/latest.log")))
                .containsPattern("(?m)^\\[\\d\\d:\\d\\d:\\d\\d\\] \\[Server thread/INFO\\]: Starting minecraft server version 1\\.21\\.1$")
                .containsPattern("(?m)^\\[\\d\\d:\\d\\d:\\d\\d\\] \\[Server thread/INFO\\]: Done \\(0\\.500s\\)! For help, type \"help\"$");
        assertThat(Files.readString(host.root().resolve("mc-start-mons.log"))).contains("Starting minecraft server version");

        assertThat(consoleAnswer("list", "players online:"))
                .endsWith("There are 2 of a max of 20 players online: alice, bob");
        host.setMinecraftPlayers("mons", List.of());
        assertThat(consoleAnswer("list", "players online:"))
                .endsWith("There are 0 of a max of 20 players online: ");
        assertThat(consoleAnswer("say hello world", "[Server]")).endsWith("[Server thread/INFO]: [Server] hello world");
        assertThat(consoleAnswer("op alice", "operator")).endsWith("Made alice a server operator");
        assertThat(consoleAnswer("deop alice", "operator")).endsWith("Made alice no longer a server operator");
        assertThat(consoleAnswer("frobnicate", "Unknown"))
                .endsWith("Unknown or incomplete command, see below for error");

        String pid = ssh.exec("pgrep -f 'java.*neoforge' || pgrep -f java").stdout().trim();
        assertThat(pid).matches("\\d+");
        assertThat(ssh.exec("kill -0 " + pid + " 2>/dev/null && echo running || echo stopped").stdout().trim())
                .isEqualTo("running");

        assertThat(consoleAnswer("stop", "Stopping the server")).endsWith("Stopping the server");
        Eventually.await("the server process to exit", BOUND, () ->
                ssh.exec("kill -0 " + pid + " 2>/dev/null && echo running || echo stopped").stdout().trim()
                        .equals("stopped"));
        Eventually.await("the tmux session to end", BOUND, () ->
                ssh.exec("tmux has-session -t mons 2>/dev/null && echo alive || echo dead").stdout().trim()
                        .equals("dead"));
    }

    @Test
    void playersCanOnlyBeSetForAnInstalledServer() {
        assertThatThrownBy(() -> host.setMinecraftPlayers("nope", List.of("x")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> host.installMinecraft(MinecraftServerSetup.of("../outside")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Types a console command the way the manager does and returns the first new log line containing the marker. */
    private String consoleAnswer(String command, String marker) throws IOException, InterruptedException {
        int before = Integer.parseInt(ssh.exec("wc -l < " + LOG).stdout().trim());
        CommandResult sent = ssh.exec("tmux send-keys -t mons '" + command + "' Enter");
        assertThat(sent.exitCode()).as(sent.stderr()).isZero();
        String[] answer = new String[1];
        Eventually.await("an answer to '" + command + "'", BOUND, () -> {
            answer[0] = ssh.exec("tail -n +" + (before + 1) + " " + LOG).stdout().lines()
                    .filter(line -> line.contains(marker)).findFirst().orElse(null);
            return answer[0] != null;
        });
        return answer[0];
    }
}
