package pmgr.sandbox.games;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.testing.Tools;

/** The sandbox VM's apk, rc-update and service stand-ins, as the monitoring agent uses them. */
class MonitoringStandInsTest {
    static final String ADDRESS = "127.0.0.9";

    @TempDir
    Path temp;
    GameHost host;

    @BeforeEach
    void startHost() throws Exception {
        host = GameHost.builder().name("mon").address(ADDRESS).root(temp.resolve("vm"))
                .authorizedKey(SshTestClient.newKeyPair().getPublic()).build().start();
    }

    @AfterEach
    void stopHost() {
        host.close();
    }

    CommandResult run(String command) throws Exception {
        return host.runCommand(command);
    }

    Optional<Long> exporterPid() throws Exception {
        Path pid = host.root().resolve("run/node-exporter.pid");
        return Files.exists(pid) ? Optional.of(Long.parseLong(Files.readString(pid).trim())) : Optional.empty();
    }

    @Test
    void monitoringPackagesNeedTheCommunityRepositoryAndAreRecorded() throws Exception {
        CommandResult refused = run("apk add prometheus-node-exporter");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stdout()).contains("community is commented out");
        assertThat(run("service node-exporter start").stderr()).contains("service `node-exporter' does not exist");
        assertThat(run("rc-update add node-exporter default").exitCode()).isEqualTo(1);

        assertThat(run("sed -i '/^#.*\\/community$/s/^#//' ~/etc/apk/repositories && apk add prometheus-node-exporter loki-promtail "
                + "&& apk add loki-promtail").exitCode()).isZero();
        assertThat(Files.readAllLines(host.root().resolve("etc/apk/world"))).containsExactly("prometheus-node-exporter", "loki-promtail");
        assertThat(run("apk info -e prometheus-node-exporter loki-promtail").exitCode()).isZero();
        assertThat(run("apk info -e loki-promtail-openrc").exitCode()).isEqualTo(1);
        assertThat(run("rc-update add node-exporter default && rc-update add node-exporter default").stdout())
                .contains("added to runlevel default").contains("already installed");
        assertThat(run("rc-update show default").stdout()).isEqualTo(" node-exporter | default\n");
    }

    @Test
    void nodeExporterRunsOnTheVmsAddressWithItsTextfileDirectoryAndEndsWithTheHost() throws Exception {
        Tools.require("prometheus-node-exporter");
        run("printf 'prometheus-node-exporter\\n' > ~/etc/apk/world && mkdir -p ~/etc/conf.d ~/tf "
                + "&& echo 'ARGS=\"--collector.textfile.directory=/tf\"' > ~/etc/conf.d/node-exporter "
                + "&& echo 'probe_value 42' > ~/tf/probe.prom");
        CommandResult start = run("service node-exporter start");
        assertThat(start.exitCode()).as(start.stderr()).isZero();
        assertThat(run("service node-exporter status").exitCode()).isZero();
        long pid = exporterPid().orElseThrow();
        // /tf in the conf is the VM's ~/tf
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + ADDRESS + ":9100/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics.lines()).contains("probe_value 42", "node_textfile_scrape_error 0");
        assertThat(run("service node-exporter start").stdout()).contains("already been started");
        assertThat(exporterPid()).contains(pid);

        assertThat(run("service node-exporter restart").exitCode()).isZero();
        long restarted = exporterPid().orElseThrow();
        assertThat(restarted).isNotEqualTo(pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("restart ended the old one").isFalse();

        assertThat(run("service node-exporter stop").exitCode()).isZero();
        assertThat(run("service node-exporter status").exitCode()).isEqualTo(3);
        assertThat(ProcessHandle.of(restarted).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        run("service node-exporter start");
        long last = exporterPid().orElseThrow();
        host.close();
        assertThat(ProcessHandle.of(last).map(ProcessHandle::isAlive).orElse(false)).as("the host took its exporter with it").isFalse();
    }

    @Test
    void withoutTheNodeExporterProgramStartingSaysSo() throws Exception {
        // a PATH holding the tools the stand-in uses, but no prometheus-node-exporter
        Path bin = Files.createDirectories(temp.resolve("tools"));
        for (String tool : List.of("bash", "env", "mkdir", "grep", "cat", "setsid", "seq", "sleep", "tail", "rm", "dirname")) {
            String where = run("command -v " + tool).stdout().trim();
            Files.writeString(bin.resolve(tool), "#!/bin/sh\nexec " + where + " \"$@\"\n"); // not a link: TempDir warns of those
            bin.resolve(tool).toFile().setExecutable(true);
        }
        run("printf 'prometheus-node-exporter\\n' > ~/etc/apk/world");
        CommandResult r = run("PATH=\"$HOME/bin:" + bin + "\" service node-exporter start");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("prometheus-node-exporter is not installed on this machine")
                .contains("apt-get install prometheus-node-exporter");
        assertThat(exporterPid()).isEmpty();
    }

    @Test
    void promtailRecordsTheConfigItStartedWith() throws Exception {
        run("printf 'loki-promtail-openrc\\n' > ~/etc/apk/world");
        assertThat(run("service loki-promtail start").stderr()).contains("no config");
        run("mkdir -p ~/etc/loki && echo 'clients: [{url: http://hub:3100/loki/api/v1/push}]' > ~/etc/loki/promtail-local-config.yaml");
        assertThat(run("service loki-promtail restart && service loki-promtail status").exitCode()).isZero();
        assertThat(host.root().resolve("run/loki-promtail.config")).content().contains("http://hub:3100");
    }
}
