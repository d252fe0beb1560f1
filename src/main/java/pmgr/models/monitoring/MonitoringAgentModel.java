package pmgr.models.monitoring;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.Nullable;
import pmgr.model.ResourceSpec;
import pmgr.models.alpine.Apk;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.SshModelType;
import pmgr.models.ssh.Ssh;
import pmgr.models.ssh.SshConnection;

/**
 * {@code monitoring/agent}: the monitoring agents of an Alpine VM - node exporter (scraped by the
 * hub's Prometheus, with the game metrics files through its textfile collector) and promtail
 * (ships the VM's logs to the hub's Loki). Each method is one SSH round trip of named steps and
 * ends by checking on the VM that what it set up works; a step that fails is the error.
 */
public final class MonitoringAgentModel extends SshModelType<MonitoringAgentModel.Globals> {
    /** The file node exporter reads the check value from, in the textfile directory (removed after the check). */
    static final String CHECK_FILE = "pmgr_textfile_check.prom";
    /** How long node exporter gets to answer (and to show the textfiles), looked at from 0.1 s on, doubling. */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(15);
    private static final Duration FIRST_LOOK = Duration.ofMillis(100);
    private static final SecureRandom RANDOM = new SecureRandom();

    public record Globals(
            @Arg(description = "How to reach the VM over SSH (pmgr.lab.ssh.* fill in what is not given)") SshConnection ssh,
            @Arg(description = "node_exporter textfile collector directory", defaultValue = "${{ lab.metrics.textfileDir }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String textfileDir,
            @Arg(description = "The VM's /etc (conf.d, loki, apk)", defaultValue = "${{ lab.monitoring.etcDir }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String etcDir,
            @Arg(description = "The VM's /var (promtail's positions, the logs it ships)", defaultValue = "${{ lab.monitoring.varDir }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String varDir,
            @Arg(description = "Port node exporter listens on", defaultValue = "${{ lab.monitoring.nodeExporterPort }}",
                    min = 1, max = 65535) long nodeExporterPort,
            @Arg(description = "Longest time one method's commands may take, seconds (apk may download)", defaultValue = "300",
                    min = 10, max = 3600) long commandTimeoutSeconds) {

        String etc(String file) {
            return (etcDir.endsWith("/") ? etcDir : etcDir + "/") + file;
        }

        String var(String file) {
            return (varDir.endsWith("/") ? varDir : varDir + "/") + file;
        }
    }

    public record VmArgs(@Arg(description = "Name of the VM (the resources' instance, promtail's host label)",
            pattern = Shell.NAME, patternHint = Shell.NAME_HINT) String vmName) {
    }

    public record ConfigureArgs(
            @Arg(description = "Name of the VM (the resources' instance, promtail's host label)",
                    pattern = Shell.NAME, patternHint = Shell.NAME_HINT) String vmName,
            @Nullable @Arg(description = "Loki's push URL (the definition takes it from the hub's discover)") String lokiUrl) {
    }

    public MonitoringAgentModel() {
        super("monitoring/agent", "2026.12.02.1",
                "Monitoring agents on an Alpine VM: node exporter (with the textfile collector) and promtail",
                Globals.class,
                List.of(new ResourceSpec("install", "Node exporter runs and promtail is installed"),
                        new ResourceSpec("config", "promtail ships the VM's logs to Loki"),
                        new ResourceSpec("textfile", "Node exporter reads the game metrics files")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(
                method("install", "Install node exporter and promtail, start node exporter and check it answers",
                        VmArgs.class, List.of("install"), (g, a, ctx) -> install(ctx, g, a.vmName())),
                method("configure", "Point promtail at Loki (host label = the VM) and restart it", ConfigureArgs.class,
                        List.of("config"), (g, a, ctx) -> configure(ctx, g, a)),
                method("enableTextfileCollector", "Make node exporter read the textfile directory (installing it when missing) and check it does",
                        VmArgs.class, List.of("textfile"), (g, a, ctx) -> enableTextfileCollector(ctx, g, a.vmName())));
    }

    private static Ssh connect(MethodContext ctx, Globals g) {
        return g.ssh().connect(ctx, g.commandTimeoutSeconds()); // no host: an error saying the VM is probably stopped
    }

    private static String metricsUrl(Globals g) {
        return "http://" + g.ssh().host() + ":" + g.nodeExporterPort() + "/metrics";
    }

    private static List<String> run(MethodContext ctx, Globals g, Ssh ssh, RemoteScript script, String what) {
        return script.run(ctx, ssh, Duration.ofSeconds(g.commandTimeoutSeconds()), what);
    }

    private void install(MethodContext ctx, Globals g, String vmName) {
        Ssh ssh = connect(ctx, g);
        ctx.log("Installing node exporter and promtail on " + vmName + " (" + g.ssh().host() + ")");
        RemoteScript script = new RemoteScript()
                .step("enable the community repository", Apk.enablingCommunity(g.etc("apk/repositories")))
                .step("install prometheus-node-exporter, loki-promtail, loki-promtail-openrc",
                        "apk add prometheus-node-exporter loki-promtail loki-promtail-openrc")
                .step("enable node-exporter at boot", enableAtBoot("node-exporter"))
                .step("start node-exporter", "service node-exporter status >/dev/null 2>&1 || service node-exporter start")
                .step("node exporter answers at " + metricsUrl(g), waitForMetrics(metricsUrl(g)))
                // promtail starts once configure has given it a config
                .step("enable loki-promtail at boot", enableAtBoot("loki-promtail"));
        run(ctx, g, ssh, script, "installing the monitoring agents");
        Map<String, Object> d = data();
        d.put("nodeExporterRunning", true);
        d.put("promtailInstalled", true);
        d.put("metricsUrl", metricsUrl(g));
        ctx.write("install", vmName, d);
    }

    private void configure(MethodContext ctx, Globals g, ConfigureArgs a) {
        String lokiUrl = PromtailConfig.checkLokiUrl(a.lokiUrl());
        Ssh ssh = connect(ctx, g);
        String config = g.etc("loki/promtail-local-config.yaml");
        ctx.log("Configuring promtail on " + a.vmName() + " to push to " + lokiUrl);
        RemoteScript script = new RemoteScript()
                .step("write " + config, "mkdir -p " + Shell.path(g.etc("loki")) + " " + Shell.path(g.var("lib/promtail"))
                        + " && " + Shell.replaceFile(PromtailConfig.printCommand(g.varDir(), lokiUrl, a.vmName()), config))
                // the original lab ran promtail in Docker first
                .step("remove a legacy promtail container", "if command -v docker >/dev/null 2>&1; then "
                        + "docker rm -f promtail >/dev/null 2>&1; fi; true")
                .step("install loki-promtail if missing", installIfMissing(g, "loki-promtail loki-promtail-openrc"))
                .step("enable loki-promtail at boot", enableAtBoot("loki-promtail"))
                .step("restart loki-promtail", "service loki-promtail restart")
                .step("loki-promtail runs", "service loki-promtail status");
        run(ctx, g, ssh, script, "configuring promtail");
        Map<String, Object> d = data();
        d.put("lokiUrl", lokiUrl);
        d.put("promtailConfigured", true);
        d.put("configFile", config);
        ctx.write("config", a.vmName(), d);
    }

    private void enableTextfileCollector(MethodContext ctx, Globals g, String vmName) {
        Ssh ssh = connect(ctx, g);
        String dir = g.textfileDir();
        String conf = g.etc("conf.d/node-exporter");
        String check = (dir.endsWith("/") ? dir : dir + "/") + CHECK_FILE;
        int value = 100_000 + RANDOM.nextInt(900_000); // six digits: node exporter prints it as written
        ctx.log("Enabling the textfile collector on " + vmName + " (" + dir + ")");
        RemoteScript script = new RemoteScript()
                // setup-game-metrics may come first on a new VM: node exporter must be there to configure it
                .step("install node exporter if missing", installIfMissing(g, "prometheus-node-exporter"))
                .step("enable node-exporter at boot", enableAtBoot("node-exporter"))
                .step("create " + dir, "mkdir -p " + Shell.path(dir))
                // the ARGS line is ours: replaced, never appended to, so re-runs leave exactly one
                .step("set ARGS in " + conf, "mkdir -p " + Shell.path(g.etc("conf.d")) + " && " + Shell.replaceFile("grep -v '^ARGS=' "
                        + Shell.path(conf) + " 2>/dev/null; printf 'ARGS=\"--collector.textfile.directory=%s\"\\n' " + Shell.path(dir), conf))
                .step("restart node-exporter", "service node-exporter restart")
                .step("node exporter reads " + dir, readsTextfiles(metricsUrl(g), dir, check, value));
        List<String> lines = run(ctx, g, ssh, script, "enabling the textfile collector");
        Map<String, Object> d = data();
        d.put("textfileCollectorEnabled", true);
        d.put("textfileDir", dir);
        d.put("nodeExporterInstalledNow", lines.stream().anyMatch(l -> l.startsWith("note: installed")));
        ctx.write("textfile", vmName, d);
    }

    private static Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("timestamp", Instant.now().toString());
        return d;
    }

    /** Node exporter and promtail are in the community repository. */
    private static String installIfMissing(Globals g, String packages) {
        return Apk.installingIfMissing(g.etc("apk/repositories"), packages);
    }

    /** Adds a service to the default runlevel; one that is there already is fine, a failure is not. */
    private static String enableAtBoot(String service) {
        return "rc-update add " + service + " default || rc-update show default | grep -qw " + service;
    }

    private static String waitForMetrics(String url) {
        return Shell.awaitOrFail("wget -qO /dev/null -T 2 " + Shell.quote(url), FIRST_LOOK, ANSWER_WAIT,
                "no answer from " + url + " within " + ANSWER_WAIT.toSeconds() + "s");
    }

    /**
     * Writes a check value into the textfile directory and waits (bounded) until node exporter's
     * metrics show it with {@code node_textfile_scrape_error 0}: that proves it reads this very
     * directory (a Debian-style default directory also scrapes without error). The file is removed after.
     */
    private static String readsTextfiles(String url, String dir, String checkFile, int value) {
        String reads = "{ m=$(wget -qO- -T 2 " + Shell.quote(url) + " 2>/dev/null) && printf '%s\\n' \"$m\" | grep -qx 'node_textfile_scrape_error 0'"
                + " && printf '%s\\n' \"$m\" | grep -qx 'pmgr_textfile_check " + value + "'; }";
        return Shell.replaceFile("printf 'pmgr_textfile_check %s\\n' " + value, checkFile) + " || exit 1; trap "
                + Shell.quote("rm -f " + Shell.path(checkFile)) + " EXIT; " + Shell.awaitOrFail(reads, FIRST_LOOK, ANSWER_WAIT,
                "node exporter at " + url + " does not read " + dir + ": its metrics lack 'node_textfile_scrape_error 0'"
                        + " with the check file's value after " + ANSWER_WAIT.toSeconds() + "s");
    }
}
