package pmgr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.testing.Cli;
import pmgr.testing.Lab;

/** The README's "run it" command: `pmgr serve --sandbox` as its own process, used by the CLI. */
class ServeSandboxTest {

    @Test
    void serveSandboxRunsTheShippedWorkflowsForTheCli(@TempDir Path home) throws Exception {
        Lab.copyShipped(home);
        Process serve = startServe(home);
        List<String> output = readAll(serve);
        try {
            // as soon as serve holds the data directory - before it listens - the CLI waits for it
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!pmgr.engine.DataDirLock.heldByServer(home.resolve("data")) && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            assertThat(pmgr.engine.DataDirLock.heldByServer(home.resolve("data"))).as("serve took the data directory").isTrue();
            // a chat given while serve starts waits for the bot (the README's first chat command)
            Cli.Result help = Cli.run(home, "chat", "/help");
            assertThat(help.exitCode()).as(help.out() + help.err()).isZero();
            assertThat(help.out()).contains("Proxmox Bot Commands", "`/start server`");
            Cli.Result sync = Cli.run(home, "workflow", "run", "sync-fleet");
            assertThat(sync.exitCode()).as(sync.out() + sync.err()).isZero();
            Instant printed = Instant.now().plus(Duration.ofSeconds(10));
            while (output.stream().noneMatch(l -> l.startsWith("pmgr serve: listening")) && Instant.now().isBefore(printed)) {
                Thread.sleep(20);
            }
            assertThat(output).anySatisfy(l -> assertThat(l).startsWith("pmgr serve: listening on http://127.0.0.1:"));
            assertThat(output).anySatisfy(l -> assertThat(l).startsWith("hawtio: http://127.0.0.1:").contains("/hawtio/ (user admin"));
            assertThat(output).anySatisfy(l -> assertThat(l).isEqualTo("discord bot: connected as pmgr to 1 guild(s), 3 game server(s)"));
            // allthemons' VM runs but its server does not: its wake listener is open
            assertThat(output).anySatisfy(l -> assertThat(l).matches("wake on join: allthemons at 127\\.0\\.0\\.10:\\d+ \\(open: it sleeps\\)"));
            assertThat(Files.readString(home.resolve("data/server.json"))).contains("\"hawtio\":\"http://127.0.0.1:");
            assertThat(output).anySatisfy(l -> assertThat(l).contains("sandbox lab: Proxmox node keeb-dev-02 at https://127.0.0.1:",
                    "allthemons", "calamity", "gold-image", "infinity", "slate", "tftp-server"));
            assertThat(sync.out()).contains("Complete: 6 VMs synced");
            Cli.Result data = Cli.run(home, "data", "get", "fleet", "allthemons");
            assertThat(data.out()).contains("\"vmid\" : 108", "\"ip\" : \"127.0.0.2\"");
            assertThat(Cli.run(home, "run", "list").out()).contains("sync-fleet", "SUCCEEDED");
        } finally {
            serve.destroy(); // SIGTERM: the shutdown hook stops the engine and the sandbox
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
        }
        assertThat(home.resolve("data/server.json")).doesNotExist();
        assertThat(Files.readString(home.resolve("data/api-token"))).isNotBlank();
    }

    @Test
    void aCliCommandGivenAsServeStartsNeverMakesItFail(@TempDir Path home) throws Exception {
        Lab.copyShipped(home);
        // a CLI command that has the data directory when serve starts: serve waits for it
        Process serve;
        Instant released;
        try (pmgr.engine.DataDirLock cli = pmgr.engine.DataDirLock.acquire(home.resolve("data"), "cli")) {
            serve = startServe(home);
            Thread.sleep(3000);
            assertThat(serve.isAlive()).as("serve waits for the CLI command").isTrue();
            released = Instant.now();
        }
        List<String> output = readAll(serve);
        try {
            // and one given right after serve was started goes through it, or first, but never breaks it
            Cli.Result list = Cli.run(home, "workflow", "list");
            assertThat(list.exitCode()).as(list.out() + list.err()).isZero();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (output.stream().noneMatch(l -> l.startsWith("pmgr serve: listening")) && Instant.now().isBefore(deadline)) {
                assertThat(serve.isAlive()).as("serve is still there: " + output).isTrue();
                Thread.sleep(50);
            }
            assertThat(output).anySatisfy(l -> assertThat(l).startsWith("pmgr serve: listening"));
            assertThat(Instant.now()).isAfter(released);
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    static Process startServe(Path home) throws java.io.IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PmgrCli.class.getName(), "--home", home.toString(),
                "serve", "--sandbox").redirectErrorStream(true);
        builder.environment().put("PMGR_HTTP_PORT", "0");
        builder.environment().put("PMGR_HAWTIO_PORT", "0");
        return builder.start();
    }

    static List<String> readAll(Process p) {
        List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                String line;
                while ((line = out.readLine()) != null) {
                    output.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return output;
    }
}
