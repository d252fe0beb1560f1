package pmgr.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.testing.StoreFixture;

/** Writes acknowledged before a kill -9 are all there after a restart. */
class CrashDurabilityTest {

    @Test
    void acknowledgedWritesSurviveKillMinus9(@TempDir Path home) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), home.toString())
                .redirectErrorStream(true).start();
        int acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            String line;
            while (acknowledged < 200 && Instant.now().isBefore(deadline) && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged = Integer.parseInt(line.substring(4));
                }
            }
            assertThat(acknowledged).as("the child acknowledged 200 writes within 60s").isEqualTo(200);
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no database shutdown
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        try (StoreFixture f = new StoreFixture(home)) {
            ResourceVersion latest = f.store.latest("fleet", "vm", "allthemons").orElseThrow();
            assertThat(latest.version()).isGreaterThanOrEqualTo(acknowledged);
            assertThat(f.store.version("fleet", "vm", "allthemons", acknowledged)).get()
                    .satisfies(v -> assertThat(v.attributes()).containsEntry("n", (long) v.version()));
            assertThat(f.sql.query("SELECT COUNT(*) AS n FROM resource_versions", Map.of()).get(0).get("n"))
                    .satisfies(n -> assertThat(((Number) n).intValue()).isEqualTo(latest.version()));
        }
    }
}
