package pmgr.models.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.common.Json;

/** The text the monitoring models send: the scripts run by a local sh exactly as a VM's would. */
class MonitoringScriptsTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void stepsRunInOrderAndTheFirstFailureStopsTheScriptNamingItsStep() throws Exception {
        Run r = sh(new RemoteScript().step("first", "echo one > a")
                .step("it's $(touch pwned) `touch pwned`", "echo 'note: said so'; echo two >> a")
                .step("broken", "echo why >&2; false")
                .step("never", "touch never").text());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("done: first\nnote: said so\ndone: it's $(touch pwned) `touch pwned`\n");
        assertThat(r.err()).isEqualTo("FAILED: broken (exit 1)\nwhy\n");
        assertThat(dir.resolve("pwned")).as("a description is text, never run").doesNotExist();
        assertThat(dir.resolve("never")).doesNotExist();
        assertThat(Files.readString(dir.resolve("a"))).isEqualTo("one\ntwo\n");
    }

    @Test
    void promtailConfigIsTheOriginalsWithTheFolderExpandedOnTheVm() throws Exception {
        String url = "http://10.0.0.12:3100/loki/api/v1/push";
        assertThat(PromtailConfig.text("/var", url, "allthemons")).isEqualTo("""
                server:
                  http_listen_port: 9080
                  grpc_listen_port: 0

                positions:
                  filename: /var/lib/promtail/positions.yaml

                clients:
                  - url: http://10.0.0.12:3100/loki/api/v1/push

                scrape_configs:
                  - job_name: syslog
                    static_configs:
                      - targets: [localhost]
                        labels:
                          host: allthemons
                          job: syslog
                          __path__: /var/log/messages
                  - job_name: logs
                    static_configs:
                      - targets: [localhost]
                        labels:
                          host: allthemons
                          job: logs
                          __path__: /var/log/*.log
                """);
        Run r = sh("HOME=" + dir + "; " + PromtailConfig.printCommand("~/var", url, "allthemons"));
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(PromtailConfig.text(dir + "/var", url, "allthemons"));
    }

    @Test
    void lokiUrlMustBeAPlainHttpUrl() {
        assertThat(PromtailConfig.checkLokiUrl("https://loki.lab:3100/loki/api/v1/push")).isNotNull();
        for (String bad : new String[] {"ftp://x/y", "http://x/$(reboot)", "http://x/a b", "http://x/'", "http://x/#", "10.0.0.12:3100"}) {
            assertThatThrownBy(() -> PromtailConfig.checkLokiUrl(bad)).as(bad).hasMessageContaining("'lokiUrl' must be an http://");
        }
        assertThatThrownBy(() -> PromtailConfig.checkLokiUrl(null)).hasMessageContaining("'lokiUrl' is required");
    }

    @Test
    void targetIpIsAnAddressOrHostNameNeverNull() {
        assertThat(ScrapeTarget.checkTargetIp("10.0.0.9", "vm")).isEqualTo("10.0.0.9");
        assertThat(ScrapeTarget.checkTargetIp("allthemons.tail1234.ts.net", "vm")).isNotNull();
        for (String none : new String[] {null, "", "null", "undefined"}) {
            assertThatThrownBy(() -> ScrapeTarget.checkTargetIp(none, "vm")).hasMessageContaining("'targetIp' is required");
        }
        for (String bad : new String[] {"10.0.0.256", "10.0.0.9:9100", "10.0.0.9 ", "-x", "a;b"}) {
            assertThatThrownBy(() -> ScrapeTarget.checkTargetIp(bad, "vm")).as(bad).hasMessageContaining("'targetIp' must be");
        }
    }

    @Test
    void theTargetFileLabelsTheSeriesWithTheVm() throws Exception {
        assertThat(Json.MAPPER.readTree(ScrapeTarget.fileSd("allthemons", "10.0.0.9", 9100))).isEqualTo(Json.MAPPER.readTree(
                "[{\"targets\":[\"10.0.0.9:9100\"],\"labels\":{\"job\":\"node\",\"instance\":\"allthemons\",\"vm\":\"allthemons\"}}]"));
    }
}
