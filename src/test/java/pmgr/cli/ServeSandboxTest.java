package pmgr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PmgrCli.class.getName(), "--home", home.toString(),
                "serve", "--sandbox").redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream()));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            String line;
            while (Instant.now().isBefore(deadline) && (line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith("pmgr serve: listening on")) {
                    break;
                }
            }
            assertThat(output).as("serve output").anySatisfy(l -> assertThat(l).startsWith("pmgr serve: listening on http://127.0.0.1:"));
            assertThat(output).anySatisfy(l -> assertThat(l).contains("sandbox lab: Proxmox node keeb-dev-02 at https://127.0.0.1:",
                    "allthemons", "calamity", "gold-image", "infinity", "slate"));

            Cli.Result sync = Cli.run(home, "workflow", "run", "sync-fleet");
            assertThat(sync.exitCode()).as(sync.out() + sync.err()).isZero();
            assertThat(sync.out()).contains("Complete: 5 VMs synced");
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
}
