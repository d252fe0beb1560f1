package pmgr.models.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.sandbox.games.GameHost;

/** The SSH layer against a real SSH server (Apache MINA sshd on a loopback address). */
class SshTest {
    @TempDir
    static Path dir;
    static GameHost host;
    static KeyPair key;
    static DefaultCamelContext camel;
    static org.apache.camel.ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        key = gen.generateKeyPair();
        host = GameHost.builder().name("h").address("127.0.0.7").root(dir.resolve("h")).authorizedKey(key.getPublic())
                .hostKeyFile(dir.resolve("hostkey")).build().start();
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        camel.stop();
        host.close();
    }

    static Ssh ssh(Path knownHosts, HostKeyPolicy policy, Duration commandTimeout) {
        return new Ssh(template, new Ssh.Target("127.0.0.7", host.port(), "root", key, knownHosts, policy,
                Duration.ofSeconds(5), commandTimeout));
    }

    @Test
    void returnsExitStatusStdoutAndStderr() {
        SshResult r = ssh(dir.resolve("kh1"), HostKeyPolicy.ACCEPT_NEW, Duration.ofSeconds(10))
                .run("echo out; echo err >&2; exit 3");
        assertThat(r).isEqualTo(new SshResult(3, "out\n", "err\n"));
    }

    /** sntrup761x25519, MINA's own first choice, costs about 300 ms of CPU per connection in Java. */
    @Test
    void connectionsUseTheCheapPostQuantumKeyExchange() {
        ssh(dir.resolve("kh9"), HostKeyPolicy.ACCEPT_NEW, Duration.ofSeconds(10)).run("true");
        assertThat(host.lastKeyExchange()).isEqualTo("mlkem768x25519-sha256");
        assertThat(SshClients.keyExchanges().stream().map(k -> k.getName()).toList())
                .startsWith("mlkem768x25519-sha256", "curve25519-sha256")
                .contains("sntrup761x25519-sha512")
                .doesNotHaveDuplicates();
    }

    /** A bounded wait on the host: it ends soon after its work, and gives up saying so at its bound. */
    @Test
    void waitsOnTheHostBackOffAndGiveUpAtTheirBound() {
        // A quarter of the time waited so far, at least the first gap, the last one cut to the bound.
        assertThat(Shell.backoffGaps(Duration.ofMillis(100), Duration.ofSeconds(1))).isEqualTo("0.1 0.1 0.1 0.1 0.1 0.125 0.156 0.195 0.024");
        assertThat(Shell.backoffGaps(Duration.ofMillis(50), Duration.ofSeconds(3)).split(" "))
                .startsWith("0.05", "0.05", "0.05", "0.05", "0.05", "0.062").endsWith("0.579", "0.105");
        Ssh ssh = ssh(dir.resolve("kh10"), HostKeyPolicy.ACCEPT_NEW, Duration.ofSeconds(20));
        long t0 = System.nanoTime();
        SshResult soon = ssh.run("(sleep 0.3; touch ready) & " + Shell.awaitOrFail("[ -e ready ]", Duration.ofMillis(50),
                Duration.ofSeconds(10), "never ready") + "; echo done");
        assertThat(soon.out()).isEqualTo("done");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("ends soon after the work, not at the bound").isLessThan(Duration.ofSeconds(5));
        SshResult never = ssh.run(Shell.awaitOrFail("[ -e nothing-here ]", Duration.ofMillis(50), Duration.ofMillis(400),
                "nothing-here never came") + "; echo not reached");
        assertThat(never.exitCode()).isEqualTo(1);
        assertThat(never.out()).isEqualTo("nothing-here never came");
    }

    @Test
    void quotedValuesArriveExactlyAsTheyWere() {
        Ssh ssh = ssh(dir.resolve("kh2"), HostKeyPolicy.ACCEPT_NEW, Duration.ofSeconds(10));
        for (String value : new String[] {"plain", "it's", "a b  c", "$(id) `id` ; rm -rf / & | > <", "\"double\"", "back\\slash", "*"}) {
            assertThat(ssh.run("printf %s " + Shell.quote(value)).stdout()).isEqualTo(value);
        }
        assertThat(ssh.run("cd " + Shell.path("~") + " && pwd").out()).isEqualTo(host.root().toString());
        assertThatThrownBy(() -> Shell.path("~/a b")).hasMessageContaining("path must be");
        assertThatThrownBy(() -> Shell.checkName("mons;x", "tmuxSession")).hasMessage(
                "tmuxSession must be " + Shell.NAME_HINT + ", got 'mons;x'");
    }

    /** A command fed lines from the script's variables gets exactly their values, whatever they hold. */
    @Test
    void aCommandFedLinesGetsTheVariablesValuesVerbatim() {
        Ssh ssh = ssh(dir.resolve("kh11"), HostKeyPolicy.ACCEPT_NEW, Duration.ofSeconds(10));
        String value = "back\\slash $(id) `id` $HOME\nPMGR_INPUT_END\n'quoted' \"too\"";
        SshResult fed = ssh.run("v=" + Shell.quote(value) + "; n=3; " + Shell.fedWith("cat > fed.txt", "n=$n\n$v", "echo written"));
        assertThat(fed.out()).isEqualTo("written");
        assertThat(ssh.run("cat fed.txt").stdout()).isEqualTo("n=3\n" + value + "\n");
        assertThat(ssh.run(Shell.fedWith("false", "x", "echo not reached") + "echo $?").out()).isEqualTo("1");
        assertThat(ssh.run("parsed=$(" + Shell.fedWith("tr a-z A-Z", "$HOME", "") + "); echo \"[$parsed]\"").out())
                .isEqualTo("[" + host.root().toString().toUpperCase() + "]");
        assertThatThrownBy(() -> Shell.fedWith("cat", "`id`", "")).hasMessageContaining("no backquote");
        assertThatThrownBy(() -> Shell.fedWith("cat", "a\nPMGR_INPUT_END", "")).hasMessageContaining("PMGR_INPUT_END");
    }

    @Test
    void everyCommandIsBounded() {
        Ssh ssh = ssh(dir.resolve("kh3"), HostKeyPolicy.ACCEPT_NEW, Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ssh.run("sleep 20")).isInstanceOf(Ssh.SshException.class)
                .hasMessageContaining("was stopped after 1s (its time limit): sleep 20");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(12));
    }

    @Test
    void hostKeysAreRecordedOnFirstUseAndUnknownOrChangedOnesRefused() throws Exception {
        Path kh = dir.resolve("kh4");
        assertThatThrownBy(() -> ssh(kh, HostKeyPolicy.STRICT, Duration.ofSeconds(5)).run("true"))
                .hasMessageContaining("host [127.0.0.7]:" + host.port() + " is not in " + kh + " (hostKeyPolicy: strict)");
        assertThat(ssh(kh, HostKeyPolicy.ACCEPT_NEW, Duration.ofSeconds(5)).run("echo ok").out()).isEqualTo("ok");
        assertThat(Files.readString(kh).trim()).isEqualTo(host.knownHostsLine().trim());
        assertThat(ssh(kh, HostKeyPolicy.STRICT, Duration.ofSeconds(5)).run("echo ok").out()).isEqualTo("ok");

        // the same address now answers with another key
        int port = host.port();
        host.close();
        host = GameHost.builder().name("h").address("127.0.0.7").port(port).root(dir.resolve("h"))
                .authorizedKey(key.getPublic()).hostKeyFile(dir.resolve("other-hostkey")).build().start();
        assertThatThrownBy(() -> ssh(kh, HostKeyPolicy.ACCEPT_NEW, Duration.ofSeconds(5)).run("echo ok"))
                .hasMessageContaining("has CHANGED").hasMessageContaining("refusing to connect");
        assertThat(catchThrowable(() -> ssh(kh, HostKeyPolicy.ACCEPT_NEW, Duration.ofSeconds(5)).run("echo ok")))
                .as("a refused key is an error, not 'unreachable'").isNotInstanceOf(Ssh.Unreachable.class)
                .hasMessageContaining("has CHANGED");
        assertThat(ssh(kh, HostKeyPolicy.SKIP, Duration.ofSeconds(5)).run("echo ok").out()).isEqualTo("ok");
    }

    @Test
    void uploadsOverScpAndWaitsForConnectionsWithinABound() throws Exception {
        Ssh ssh = ssh(dir.resolve("kh5"), HostKeyPolicy.ACCEPT_NEW, Duration.ofSeconds(10));
        ssh.upload("bytes\n".getBytes(), "~/file.txt");
        assertThat(Files.readString(host.root().resolve("file.txt"))).isEqualTo("bytes\n");
        ssh.waitForConnection(Duration.ofSeconds(5), Duration.ofMillis(200));
        Ssh nowhere = new Ssh(template, new Ssh.Target("127.0.0.9", 1, "root", key, dir.resolve("kh5"), HostKeyPolicy.ACCEPT_NEW,
                Duration.ofSeconds(2), Duration.ofSeconds(5)));
        assertThatThrownBy(() -> nowhere.run("echo ok")).isInstanceOf(Ssh.Unreachable.class);
        assertThatThrownBy(() -> nowhere.waitForConnection(Duration.ofSeconds(2), Duration.ofMillis(500)))
                .hasMessageStartingWith("SSH not reachable on root@127.0.0.9:1 after 2s (last error:");
    }
}
