package pmgr.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import pmgr.common.FileTrees;
import pmgr.config.Settings;
import pmgr.engine.Engine;
import pmgr.sandbox.SandboxLab;
import pmgr.store.RunRecord;

/**
 * The lab's own work against the sandbox, where people wait: metrics collection over 3, 12, 24 and 48
 * game servers (wall time and the SSH connections the sandbox hosts counted), a console status,
 * the Proxmox waits of stop-vm and start-vm as a ratio to the node's own task and guest-agent
 * times, and the command line in a new JVM without and with a running {@code serve}, beside Ansible's
 * {@code proxmox_kvm} doing the same stop and start on the same node (when Ansible is installed).
 */
final class LabTimes {
    /** The sandbox node's task time and the guest agent's boot time, as the comparison used. */
    static final Duration TASK = Duration.ofMillis(300);
    static final Duration AGENT = Duration.ofMillis(800);
    private static final Duration RUN_WAIT = Duration.ofMinutes(5);
    private static final List<String> GAME_VMS = List.of("allthemons", "infinity", "calamity");

    record FanOut(int servers, double medianMs, double connectionsPerServer) {
    }

    /** {@code ansibleMs} is negative when Ansible with community.general is not installed. */
    record Result(List<FanOut> fanOut, double statusMs, double stopVmMs, double startVmMs, double cliColdMs,
                  double cliServedMs, String cliLaunch, double ansibleMs) {
    }

    private LabTimes() {
    }

    /** {@code copies}: how many copies of allthemonsMinecraft each fan-out row adds to the shipped servers. */
    static Result measure(Path appHome, List<Integer> copies, int samples) throws Exception {
        List<FanOut> fanOut = new ArrayList<>();
        double status = 0;
        double stop = 0;
        double start = 0;
        double cold = -1;
        double served = -1;
        double ansible = -1;
        for (int added : copies) {
            Path home = Files.createTempDirectory("pmgr-bench-lab");
            try {
                BotLatency.copyApp(appHome, home);
                for (int i = 1; i <= added; i++) {
                    Files.writeString(home.resolve("definitions/fanout" + i + "Minecraft.yaml"),
                            Files.readString(home.resolve("definitions/allthemonsMinecraft.yaml"))
                                    .replace("name: allthemonsMinecraft", "name: fanout" + i + "Minecraft")
                                    .replace("serverName: allthemons", "serverName: fanout" + i));
                }
                try (SandboxLab lab = SandboxLab.start(home.resolve("data"), new SandboxLab.Options(TASK, AGENT, 1000, null,
                        true, Duration.ofMillis(500), 1, false, null))) {
                    Settings settings = Settings.load(home, withPort(lab.settings()));
                    try (Engine engine = Engine.start(settings, Engine.Options.defaults())) {
                        lab.seedVault(engine.vault(), settings.get("pmgr.lab.proxmox.vault"), settings.get("pmgr.lab.proxmox.passwordKey"));
                        succeeded(engine, "start-minecraft", Map.of("vmName", "allthemons"));
                        succeeded(engine, "collect-game-metrics", Map.of()); // warm-up
                        long before = connections(lab);
                        List<Double> times = new ArrayList<>();
                        RunRecord last = null;
                        for (int i = 0; i < samples; i++) {
                            last = succeeded(engine, "collect-game-metrics", Map.of());
                            times.add(millis(last));
                        }
                        int servers = collected(engine, last);
                        double perServer = (connections(lab) - before) / (double) samples / servers;
                        fanOut.add(new FanOut(servers, Benchmark.percentile(times, 0.5), perServer));
                        if (fanOut.size() == 1) {
                            status = Benchmark.percentile(times(engine, "status-minecraft", Map.of("vmName", "allthemons"), samples), 0.5);
                            List<Double> stops = new ArrayList<>();
                            List<Double> starts = new ArrayList<>();
                            succeeded(engine, "stop-vm", Map.of("vmName", "calamity"));
                            for (int i = 0; i < samples; i++) {
                                starts.add(millis(succeeded(engine, "start-vm", Map.of("vmName", "calamity"))));
                                stops.add(millis(succeeded(engine, "stop-vm", Map.of("vmName", "calamity"))));
                            }
                            stop = Benchmark.percentile(stops, 0.5);
                            start = Benchmark.percentile(starts, 0.5);
                        }
                    }
                    if (fanOut.size() == 1) {
                        writeSettings(home, withPort(lab.settings()));
                        cold = cliStopAndStart(home, samples);
                        ansible = AnsibleTimes.stopAndStart(home, lab, "calamity", samples);
                        Process serve = Benchmark.pmgr(home, List.of("serve")).redirectErrorStream(true).start();
                        try {
                            awaitListening(serve);
                            served = cliStopAndStart(home, samples);
                        } finally {
                            serve.destroy();
                            serve.waitFor(60, TimeUnit.SECONDS);
                        }
                    }
                }
            } finally {
                FileTrees.delete(home);
            }
        }
        return new Result(fanOut, status, stop, start, cold, served, Benchmark.launch(), ansible);
    }

    /** The servers a collection covered: those whose metrics the run wrote. */
    private static int collected(Engine engine, RunRecord run) {
        return (int) engine.definitions().all().stream().filter(d -> engine.store().latestAll(d.name()).stream()
                .anyMatch(v -> v.spec().equals("metrics") && run.id().equals(v.runId()))).count();
    }

    private static Map<String, String> withPort(Map<String, String> labSettings) {
        Map<String, String> m = new LinkedHashMap<>(labSettings);
        m.put("pmgr.http.port", "0");
        m.put("pmgr.hawtio.port", "0");
        return m;
    }

    private static void writeSettings(Path home, Map<String, String> settings) throws java.io.IOException {
        Properties p = new Properties();
        p.putAll(settings);
        try (var out = Files.newBufferedWriter(home.resolve("application.properties"))) {
            p.store(out, "the bench's sandbox lab");
        }
    }

    /** Wall time of `workflow run start-vm` plus `workflow run stop-vm` (of a stopped VM), each a new JVM as a user runs it. */
    private static double cliStopAndStart(Path home, int samples) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            for (String workflow : List.of("start-vm", "stop-vm")) {
                Process p = Benchmark.pmgr(home, List.of("workflow", "run", workflow, "-i", "vmName=calamity"))
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(RUN_WAIT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("pmgr workflow run " + workflow + " failed:\n" + out);
                }
            }
            times.add((System.nanoTime() - t0) / 1e6);
        }
        return Benchmark.percentile(times, 0.5);
    }

    private static void awaitListening(Process serve) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream()));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("pmgr serve: listening")) {
                // the rest of its output is drained so serve never blocks on a full pipe
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // discarded
                        }
                    } catch (java.io.IOException ended) {
                        // serve stopped
                    }
                }, "bench-serve-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new IllegalStateException("serve exited before listening");
    }

    private static long connections(SandboxLab lab) {
        return GAME_VMS.stream().mapToLong(vm -> lab.host(vm).sshConnections()).sum();
    }

    private static List<Double> times(Engine engine, String workflow, Map<String, Object> inputs, int samples) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            times.add(millis(succeeded(engine, workflow, inputs)));
        }
        return times;
    }

    private static RunRecord succeeded(Engine engine, String workflow, Map<String, Object> inputs) throws Exception {
        RunRecord r = engine.runner().await(engine.runner().start(workflow, inputs, "bench"), RUN_WAIT);
        if (!r.status().equals("SUCCEEDED")) {
            throw new IllegalStateException("bench run of " + workflow + " failed: " + r.error());
        }
        return r;
    }

    private static double millis(RunRecord r) {
        return Duration.between(r.startedAt(), r.finishedAt()).toNanos() / 1e6;
    }
}
