package pmgr.sandbox.games;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.testing.Eventually;

/** Drives the fake tModLoader container with the manager's commands (spec 3.5, 3.13), over SSH. */
class TerrariaContainerTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String RUNNING = "docker inspect --format '{{.State.Running}}' tmodloader 2>/dev/null";

    @TempDir
    Path temp;
    GameHost host;
    SshTestClient ssh;

    @BeforeEach
    void startHost() throws Exception {
        pmgr.testing.Tools.require("tmux");
        KeyPair key = SshTestClient.newKeyPair();
        host = GameHost.builder().name("calamity").address("127.0.0.6").root(temp.resolve("vm"))
                .authorizedKey(key.getPublic()).build().start();
        host.installTerraria(TerrariaSetup.of("game", "tmodloader").withPlayers(List.of("alice", "bob")));
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
    void composeUpPlayingAndDown() throws Exception {
        CommandResult unknown = ssh.exec("docker inspect --format '{{.State.Running}}' tmodloader");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("Error: No such object: tmodloader");

        CommandResult up = ssh.exec("cd ~/game && docker compose up -d");
        assertThat(up.exitCode()).as(up.stderr()).isZero();
        assertThat(up.stderr()).contains("Container tmodloader  Started");
        assertThat(ssh.exec(RUNNING).stdout().trim()).isEqualTo("true");
        assertThat(ssh.exec("docker exec tmodloader tmux has-session 2>/dev/null && echo exists || echo missing")
                .stdout().trim()).isEqualTo("exists");
        assertThat(ssh.exec("tmux has-session 2>/dev/null && echo exists || echo missing").stdout().trim())
                .as("the host's own tmux knows nothing of the container").isEqualTo("missing");

        assertThat(playing()).isEqualTo(new Playing(2, List.of("alice", "bob")));
        host.setTerrariaPlayers(List.of());
        assertThat(playing()).isEqualTo(new Playing(0, List.of()));
        host.setTerrariaPlayers(List.of("carol"));
        assertThat(playing()).isEqualTo(new Playing(1, List.of("carol")));

        ssh.exec("docker exec tmodloader tmux send-keys \"say == SERVER SHUTTING DOWN ==\" Enter");
        Eventually.await("the broadcast", BOUND, () -> pane().contains("<Server> == SERVER SHUTTING DOWN =="));

        CommandResult ps = ssh.exec("cd ~/game && docker compose ps");
        assertThat(ps.stdout()).contains("tmodloader").containsPattern("tmodloader .* Up (Less than a second|\\d+ seconds?) ");

        CommandResult update = ssh.exec("cd ~/game && docker compose pull && docker compose up -d");
        assertThat(update.exitCode()).as(update.stderr()).isZero();
        assertThat(update.stderr()).contains("tmodloader Pulled").contains("Container tmodloader  Started");
        Eventually.await("the new image's banner", BOUND, () -> pane().contains("tModLoader v2024.2."));

        CommandResult down = ssh.exec("cd ~/game && docker compose down && sleep 0.1");
        assertThat(down.exitCode()).as(down.stderr()).isZero();
        assertThat(ssh.exec(RUNNING).stdout().trim()).isEqualTo("false");
        CommandResult exec = ssh.exec("docker exec tmodloader tmux has-session");
        assertThat(exec.exitCode()).isEqualTo(1);
        assertThat(exec.stderr()).contains("Error response from daemon: container tmodloader is not running");
        assertThat(ssh.exec("cd ~/game && docker compose ps").stdout()).contains("Exited");
    }

    @Test
    void theContainerStopsWhenItsConsoleExits() throws Exception {
        ssh.exec("cd ~/game && docker compose up -d");
        assertThat(ssh.exec(RUNNING).stdout().trim()).isEqualTo("true");
        ssh.exec("docker exec tmodloader tmux send-keys exit Enter");

        Eventually.await("the container to stop", BOUND, () -> ssh.exec(RUNNING).stdout().trim().equals("false"));
    }

    @Test
    void closingTheHostEndsARunningContainer() throws Exception {
        ssh.exec("cd ~/game && docker compose up -d");
        assertThat(ssh.exec(RUNNING).stdout().trim()).isEqualTo("true");

        ssh.close();
        ssh = null;
        host.close();

        assertThat(HostProcesses.of(host.root())).isEmpty();
    }

    @Test
    void unsupportedCommandsFailClearly() throws Exception {
        CommandResult pull = ssh.exec("docker pull hello-world");
        assertThat(pull.exitCode()).isEqualTo(1);
        assertThat(pull.stderr()).contains("'pull' is not supported");

        CommandResult attachedRun = ssh.exec("docker run hello-world");
        assertThat(attachedRun.exitCode()).isEqualTo(1);
        assertThat(attachedRun.stderr()).contains("only detached containers are supported");

        CommandResult attached = ssh.exec("cd ~/game && docker compose up");
        assertThat(attached.exitCode()).isEqualTo(1);

        CommandResult noProject = ssh.exec("docker compose up -d");
        assertThat(noProject.exitCode()).isEqualTo(1);
        assertThat(noProject.stderr()).contains("no configuration file provided");
    }

    private String pane() throws IOException {
        return ssh.exec("docker exec tmodloader tmux capture-pane -p").stdout();
    }

    /** Sends "playing" and parses the pane like the manager does, waiting for a fresh answer. */
    private Playing playing() throws IOException, InterruptedException {
        int answersBefore = countLines(pane());
        ssh.exec("docker exec tmodloader tmux send-keys \"playing\" Enter");
        Playing[] parsed = new Playing[1];
        Eventually.await("an answer to playing", BOUND, () -> {
            String pane = pane();
            parsed[0] = countLines(pane) > answersBefore ? Playing.parse(pane) : null;
            return parsed[0] != null;
        });
        return parsed[0];
    }

    private static int countLines(String pane) {
        return (int) pane.lines().filter(Playing::isCountLine).count();
    }

    /** The parse from spec 3.13: the last count line, then player lines upwards. */
    record Playing(int online, List<String> players) {
        private static final Pattern PLAYER_LINE = Pattern.compile("^:\\s*(\\S+)\\s+\\(");

        static boolean isCountLine(String line) {
            return line.matches(".*:\\s*No players connected\\..*") || line.matches(".*?(\\d+)\\s+players?\\s+connected\\..*");
        }

        static Playing parse(String pane) {
            String[] lines = pane.split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                if (!isCountLine(lines[i])) {
                    continue;
                }
                int online = lines[i].contains("No players") ? 0 : Integer.parseInt(lines[i].replaceAll("\\D*(\\d+).*", "$1"));
                List<String> players = new ArrayList<>();
                for (int j = i - 1; j >= 0 && players.size() < online; j--) {
                    Matcher m = PLAYER_LINE.matcher(lines[j].trim());
                    if (!m.find()) {
                        break;
                    }
                    players.add(0, m.group(1));
                }
                return new Playing(online, players);
            }
            return null;
        }
    }
}
