package pmgr.models.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.NoArgs;
import pmgr.model.Nullable;
import pmgr.model.ResourceSpec;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.SshModelType;
import pmgr.models.ssh.Ssh;
import pmgr.models.ssh.SshConnection;
import pmgr.models.ssh.SshResult;

/**
 * {@code monitoring/hub}: the observability hub (hancock) - Loki for logs, Prometheus scraping each
 * VM's node exporter. {@code discover} records where they are and whether they answer (not ready
 * is an answer, not an error); {@code register} makes Prometheus scrape a VM by writing its file_sd
 * target file, labelled so the dashboards' per-server VM panels find the VM's series.
 */
public final class MonitoringHubModel extends SshModelType<MonitoringHubModel.Globals> {

    public record Globals(
            @Arg(description = "How to reach the hub over SSH (the definition names it; pmgr.lab.ssh.* fill in the rest)") SshConnection ssh,
            @Arg(description = "Folder of Prometheus' file_sd target files on the hub", defaultValue = "${{ lab.monitoring.targetsDir }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String targetsDir,
            @Arg(description = "Loki's port on the hub", defaultValue = "${{ lab.monitoring.lokiPort }}", min = 1, max = 65535) long lokiPort,
            @Arg(description = "Prometheus' port on the hub", defaultValue = "${{ lab.monitoring.prometheusPort }}", min = 1, max = 65535)
            long prometheusPort,
            @Arg(description = "Port of the VMs' node exporters (the targets' port)", defaultValue = "${{ lab.monitoring.nodeExporterPort }}",
                    min = 1, max = 65535) long nodeExporterPort) {

        String base(long port) {
            return "http://" + ssh.host() + ":" + port;
        }
    }

    public record RegisterArgs(
            @Arg(description = "Name of the VM: the target file's name and its instance and vm labels",
                    pattern = Shell.NAME, patternHint = Shell.NAME_HINT) String vmName,
            @Nullable @Arg(description = "The VM's IP (the definition takes it from the fleet)") String targetIp) {
    }

    public MonitoringHubModel() {
        super("monitoring/hub", "2026.12.02.1",
                "The monitoring hub: Loki and Prometheus, and the VMs Prometheus scrapes",
                Globals.class,
                List.of(new ResourceSpec("hub", "Where Loki and Prometheus are and whether they are ready"),
                        new ResourceSpec("target", "A VM's scrape target file")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(
                method("discover", "Record Loki's push URL and Prometheus' URL, and whether each is ready", NoArgs.class,
                        List.of("hub"), (g, a, ctx) -> discover(ctx, g)),
                method("register", "Make Prometheus scrape a VM's node exporter (writes its file_sd target file)",
                        RegisterArgs.class, List.of("target"), (g, a, ctx) -> register(ctx, g, a)));
    }

    private static Ssh connect(MethodContext ctx, Globals g) {
        if (!g.ssh().hasHost()) {
            throw new IllegalStateException("ssh.host is required: the monitoring hub's address (pmgr.lab.monitoring.hubHost)");
        }
        return g.ssh().connect(ctx, 60);
    }

    private void discover(MethodContext ctx, Globals g) {
        Ssh ssh = connect(ctx, g);
        String lokiReady = g.base(g.lokiPort()) + "/ready";
        String promReady = g.base(g.prometheusPort()) + "/-/ready";
        // asked from the hub itself, as promtail and Grafana reach them; an error or no answer is "not ready"
        SshResult r = ssh.run("get() { if command -v curl >/dev/null 2>&1; then curl -sf -m 5 \"$1\"; else wget -qO- -T 5 \"$1\"; fi; }; "
                + "printf 'loki=%s\\n' \"$(get " + Shell.quote(lokiReady) + " 2>/dev/null | head -c 200 | tr '\\n' ' ')\"; "
                + "printf 'prometheus=%s\\n' \"$(get " + Shell.quote(promReady) + " 2>/dev/null | head -c 200 | tr '\\n' ' ')\"",
                Duration.ofSeconds(30));
        String loki = answer(r.stdout(), "loki=");
        String prometheus = answer(r.stdout(), "prometheus=");
        boolean lokiOk = loki.trim().toLowerCase(Locale.ROOT).equals("ready");
        boolean promOk = prometheus.contains("Ready");
        ctx.log("Loki " + (lokiOk ? "is ready" : "is not ready") + " (" + lokiReady + ")");
        ctx.log("Prometheus " + (promOk ? "is ready" : "is not ready") + " (" + promReady + ")");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lokiPushUrl", g.base(g.lokiPort()) + "/loki/api/v1/push");
        d.put("prometheusUrl", g.base(g.prometheusPort()));
        d.put("sshHost", g.ssh().host());
        d.put("targetsDir", g.targetsDir());
        d.put("lokiReady", lokiOk);
        d.put("prometheusReady", promOk);
        d.put("timestamp", Instant.now().toString());
        ctx.write("hub", "hub", d);
    }

    private static String answer(String stdout, String prefix) {
        return stdout.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst().orElse("");
    }

    private void register(MethodContext ctx, Globals g, RegisterArgs a) {
        String vm = Shell.checkName(a.vmName(), "argument 'vmName'");
        String ip = ScrapeTarget.checkTargetIp(a.targetIp(), vm);
        String json = ScrapeTarget.fileSd(vm, ip, g.nodeExporterPort());
        String dir = g.targetsDir().endsWith("/") ? g.targetsDir().substring(0, g.targetsDir().length() - 1) : g.targetsDir();
        String file = dir + "/" + vm + ".json";
        Ssh ssh = connect(ctx, g);
        // Prometheus reads *.json: it never sees the file half written
        ssh.check("mkdir -p " + Shell.path(dir) + " && " + Shell.replaceFile("printf '%s\\n' " + Shell.quote(json), file));
        ctx.log("Wrote target file " + file + ": " + ip + ":" + g.nodeExporterPort() + " as instance " + vm);
        ctx.log("Prometheus picks it up at its next file_sd refresh");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("success", true);
        d.put("targetFile", file);
        d.put("targetIp", ip);
        d.put("target", ip + ":" + g.nodeExporterPort());
        d.put("timestamp", Instant.now().toString());
        ctx.write("target", vm, d);
    }
}
