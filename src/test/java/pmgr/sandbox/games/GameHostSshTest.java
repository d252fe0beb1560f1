package pmgr.sandbox.games;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GameHostSshTest {
    @TempDir
    static Path temp;
    static KeyPair clientKey;
    static GameHost hostA;
    static GameHost hostB;
    static SshTestClient sshA;
    static SshTestClient sshB;

    @BeforeAll
    static void startHosts() throws Exception {
        pmgr.testing.Tools.require("tmux");
        clientKey = SshTestClient.newKeyPair();
        hostA = GameHost.builder().name("alpha").address("127.0.0.2").root(temp.resolve("a"))
                .authorizedKey(clientKey.getPublic()).hostKeyFile(temp.resolve("keys/a")).build().start();
        hostB = GameHost.builder().name("beta").address("127.0.0.3").root(temp.resolve("b"))
                .authorizedKey(clientKey.getPublic()).hostKeyFile(temp.resolve("keys/b")).build().start();
        sshA = SshTestClient.login(hostA, clientKey);
        sshB = SshTestClient.login(hostB, clientKey);
    }

    @AfterAll
    static void stopHosts() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {sshA, sshB, hostA, hostB}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void aWrongKeyIsRefused() throws Exception {
        KeyPair stranger = SshTestClient.newKeyPair();

        assertThatThrownBy(() -> SshTestClient.login(hostA, stranger)).isInstanceOf(SshException.class);
    }

    @Test
    void commandsReturnStdoutStderrAndExitCode() throws Exception {
        CommandResult result = sshA.exec("echo out; echo err >&2; exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }

    @Test
    void commandsGetTheClientsStdin() throws Exception {
        CommandResult result = sshA.exec("tr a-z A-Z", "hello\n");

        assertThat(result.stdout()).isEqualTo("HELLO\n");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void homeAndWorkingDirectoryAreTheRoot() throws Exception {
        CommandResult result = sshA.exec("echo \"$HOME\"; pwd; echo ~/mons/logs/latest.log");

        String root = hostA.root().toString();
        assertThat(result.stdout().lines()).containsExactly(root, root, root + "/mons/logs/latest.log");
    }

    @Test
    void metricsPathsLiveUnderTheRoot() throws Exception {
        String write = "mkdir -p \"$PMGR_TEXTFILE_DIR\" && cat > \"$PMGR_TEXTFILE_DIR/game_minecraft.prom.tmp\" << 'PROMEOF'\n"
                + "game_players_online{game=\"minecraft\",server=\"mons\"} 2\n"
                + "PROMEOF\n"
                + "mv \"$PMGR_TEXTFILE_DIR/game_minecraft.prom.tmp\" \"$PMGR_TEXTFILE_DIR/game_minecraft.prom\"";
        assertThat(sshA.exec(write).exitCode()).isZero();
        assertThat(sshA.exec("echo '{\"online\":2}' >> \"$PMGR_PLAYERS_LOG\"").exitCode()).isZero();

        assertThat(hostA.textfileDir()).startsWith(hostA.root());
        assertThat(hostA.textfileDir().resolve("game_minecraft.prom")).content()
                .contains("game_players_online{game=\"minecraft\",server=\"mons\"} 2");
        assertThat(hostA.playersLog()).startsWith(hostA.root()).content().isEqualTo("{\"online\":2}\n");
    }

    @Test
    void hostsHaveSeparateFilesAndTmuxServers() throws Exception {
        sshA.exec("echo from-a > ~/marker.txt");
        assertThat(sshA.exec("tmux new-session -d -s iso 'sleep 60'").exitCode()).isZero();

        assertThat(sshB.exec("cat ~/marker.txt").exitCode()).isNotZero();
        assertThat(sshA.exec("tmux has-session -t iso").exitCode()).isZero();
        assertThat(sshB.exec("tmux has-session -t iso").exitCode()).isNotZero();
        assertThat(hostA.runCommand("tmux has-session -t iso").exitCode()).isZero();
        assertThat(hostB.runCommand("tmux has-session -t iso").exitCode()).isNotZero();

        sshA.exec("tmux kill-session -t iso");
    }

    @Test
    void pgrepSeesOnlyTheHostsOwnProcesses() throws Exception {
        // The JVM running this test matches "java" but is not the host's.
        CommandResult none = sshB.exec("pgrep -f java");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stdout()).isEmpty();

        // Spelled indirectly: tmux's own command line (which pgrep -f also reads) must not match.
        sshB.exec("tmux new-session -d -s sleeper 'n=java; exec -a \"$n-like-sleeper\" sleep 60'");
        CommandResult found = sshB.exec("pgrep -f java-like");
        sshB.exec("tmux kill-session -t sleeper");

        assertThat(found.exitCode()).isZero();
        assertThat(found.stdout().lines()).hasSize(1);
    }

    @Test
    void scpUploadsLandUnderTheRoot() throws Exception {
        Path local = temp.resolve("upload.txt");
        Files.writeString(local, "payload\n");

        sshA.upload(local, "relative.txt");
        sshA.upload(local, "~/tilde.txt");
        sshA.upload(local, hostA.root().resolve("absolute.txt").toString());

        for (String name : new String[] {"relative.txt", "tilde.txt", "absolute.txt"}) {
            assertThat(Files.readString(hostA.root().resolve(name), StandardCharsets.UTF_8)).isEqualTo("payload\n");
        }
        Path downloaded = temp.resolve("downloaded.txt");
        sshA.download("relative.txt", downloaded);
        assertThat(downloaded).content().isEqualTo("payload\n");
    }

    @Test
    void knownHostsLineNamesAddressPortAndKey() {
        String line = hostA.knownHostsLine();

        assertThat(line).isEqualTo("[127.0.0.2]:" + hostA.port() + " " + PublicKeyEntry.toString(hostA.hostPublicKey()));
        assertThat(line.split(" ")[1]).isEqualTo("ssh-ed25519");
    }

    @Test
    void theHostKeyFileKeepsTheKeyAcrossRestarts() throws Exception {
        Path keyFile = temp.resolve("keys/restart");
        Path root = temp.resolve("r");
        PublicKey first;
        try (GameHost host = GameHost.builder().root(root).authorizedKey(clientKey.getPublic())
                .hostKeyFile(keyFile).build().start()) {
            first = host.hostPublicKey();
        }
        try (GameHost again = GameHost.builder().root(root).authorizedKey(clientKey.getPublic())
                .hostKeyFile(keyFile).build().start();
             GameHost other = GameHost.builder().root(root).authorizedKey(clientKey.getPublic())
                .hostKeyFile(temp.resolve("keys/other")).build().start()) {
            assertThat(again.hostPublicKey()).isEqualTo(first);
            assertThat(other.hostPublicKey()).isNotEqualTo(first);
        }
    }

    @Test
    void closeEndsTheHostsTmuxServerAndEverythingItStarted() throws Exception {
        GameHost host = GameHost.builder().name("gamma").address("127.0.0.4").root(temp.resolve("c"))
                .authorizedKey(clientKey.getPublic()).build().start();
        try (SshTestClient ssh = SshTestClient.login(host, clientKey)) {
            ssh.exec("tmux new-session -d -s busy 'sleep 300'");
            assertThat(HostProcesses.of(host.root())).isNotEmpty();
        } finally {
            host.close();
        }

        assertThat(HostProcesses.of(host.root())).isEmpty();
    }
}
