package pmgr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.store.RunRecord;
import pmgr.testing.TestHome;
import pmgr.testing.Workflows;

/** A run that was in progress when its process was killed is INTERRUPTED at the next start. */
class InterruptedRunTest {

    @Test
    void aRunLeftRunningByAKilledProcessIsMarkedInterrupted(@TempDir Path dir) throws Exception {
        TestHome home = new TestHome(dir)
                .definition("alpha", "name: alpha\ntype: test/echo\n")
                .route("slow", Workflows.SLOW);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SlowRunChild.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String runId = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RUN ")) {
                    runId = line.substring(4);
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(runId).as("the child started a run").isNotNull();
        try (Engine engine = home.start()) {
            RunRecord r = engine.ledger().get(runId).orElseThrow();
            assertThat(r.status()).isEqualTo("INTERRUPTED");
            assertThat(r.error()).contains("stopped before it finished");
            assertThat(r.steps()).extracting(RunRecord.StepRecord::status).containsExactly("INTERRUPTED");
            // the lock it held died with it: a new run of the same key goes ahead
            String id = engine.runner().start("slow", java.util.Map.of("who", "x", "millis", 1), "test");
            assertThat(engine.runner().await(id, java.time.Duration.ofSeconds(10)).status()).isEqualTo("SUCCEEDED");
        }
    }
}
