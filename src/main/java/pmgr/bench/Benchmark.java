package pmgr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pmgr.cel.Bindings;
import pmgr.cel.CelEngine;
import pmgr.cli.Launcher;
import pmgr.common.FileTrees;
import pmgr.config.Settings;
import pmgr.engine.Engine;
import pmgr.ops.HawtioServer;
import pmgr.store.RunRecord;

/**
 * Measures the engine itself, in a throw-away home: a workflow of many steps over a model type that
 * does next to nothing (so each step's time is the engine's overhead: step records, CEL, argument
 * binding, the method route, one log line and one resource version), CEL evaluations per second, and
 * the time to start {@code serve}.
 */
public final class Benchmark {
    private final int steps;
    private final int runs;
    private final Path appHome;

    /** {@code appHome}: the application whose cold `serve` start is timed (its definitions and routes). */
    public Benchmark(int steps, int runs, Path appHome) {
        this.steps = steps;
        this.runs = runs;
        this.appHome = appHome;
    }

    public record Report(int steps, int runs, double medianStepMs, double p90StepMs, double medianStepWithWriteMs,
                         double celPerSecond, double engineStartMs, double serveStartMs, double hawtioReadyMs, double serveRssMb,
                         double launcherRssMb, String serveLaunch, BotLatency.Result bot, WakeLatency.Result wake, LabTimes.Result lab) {
        public String text() {
            StringBuilder fanOut = new StringBuilder();
            for (LabTimes.FanOut f : lab.fanOut()) {
                fanOut.append(String.format("%n  collect-game-metrics, %2d servers:  median %.0f ms, ratio to %d servers %.2f, "
                                + "SSH connections per server %.1f", f.servers(), f.medianMs(), lab.fanOut().get(0).servers(),
                        f.medianMs() / lab.fanOut().get(0).medianMs(), f.connectionsPerServer()));
            }
            return String.format("""
                    engine overhead per workflow step:   median %.3f ms, p90 %.3f ms  (%d runs of %d steps; target < 1 ms)
                    step that also writes one resource:  median %.3f ms  (the write is committed and synced to disk)
                    CEL evaluations per second:          %,.0f
                    engine start in this JVM:            %.0f ms
                    cold `serve` start (new JVM):        %.0f ms  (target < 5000 ms; until it listens, Hawtio on; %s)
                    Hawtio ready (same start):           %.0f ms  (its web application deploys once serve listens)
                    `serve` resident memory after start: %.0f MB  (target <= 400 MB; a launcher JVM beside it, java -jar only: %.0f MB)
                    Discord /start to deferred reply:    median %.1f ms  (%d commands, warm; target <= 100 ms)
                    Discord /start to first Proxmox call: median %.1f ms  (target <= 50 ms)
                    Minecraft join to first Proxmox call: median %.1f ms  (%d join attempts at a wake listener)
                    the sandbox lab (Proxmox task %d ms, guest agent %d ms; medians):%s  (target ratio <= 1.5)
                      status-minecraft, running server:  %.0f ms  (target <= 500 ms)
                      stop-vm:                           %.0f ms = %.2f x the task's own time  (target <= 1.3)
                      start-vm:                          %.0f ms = %.2f x (task + agent)  (target <= 1.3)
                      CLI start-vm + stop-vm, no serve:  %.0f ms  (two new JVMs; %s)
                      the same through a running serve:  %.0f ms
                      %s""",
                    medianStepMs, p90StepMs, runs, steps, medianStepWithWriteMs, celPerSecond, engineStartMs, serveStartMs,
                    serveLaunch, hawtioReadyMs, serveRssMb, launcherRssMb, bot.toDeferredMs(), bot.samples(), bot.toProxmoxMs(),
                    wake.toProxmoxMs(), wake.samples(),
                    LabTimes.TASK.toMillis(), LabTimes.AGENT.toMillis(), fanOut, lab.statusMs(), lab.stopVmMs(),
                    lab.stopVmMs() / LabTimes.TASK.toMillis(), lab.startVmMs(),
                    lab.startVmMs() / (LabTimes.TASK.toMillis() + LabTimes.AGENT.toMillis()), lab.cliColdMs(), lab.cliLaunch(),
                    lab.cliServedMs(), lab.ansibleMs() < 0 ? "Ansible proxmox_kvm started + stopped: not measured (no ansible-playbook"
                            + " with community.general here)"
                            : String.format("Ansible proxmox_kvm started + stopped: %.0f ms (pmgr without serve %.2f x, through serve %.2f x"
                                    + " its time; target <= 0.5)", lab.ansibleMs(), lab.cliColdMs() / lab.ansibleMs(),
                                    lab.cliServedMs() / lab.ansibleMs()));
        }
    }

    public Report run() throws Exception {
        Path home = Files.createTempDirectory("pmgr-bench");
        try {
            writeHome(home);
            Settings settings = Settings.load(home, Map.of("pmgr.http.port", "0"));
            Engine.Options options = new Engine.Options(List.of(new NoopModel()), List.of(), Map.of(), false);
            long t0 = System.nanoTime();
            double engineStart;
            List<Double> perStep;
            List<Double> perStepWithWrite;
            double celRate;
            try (Engine engine = Engine.start(settings, options)) {
                engineStart = (System.nanoTime() - t0) / 1e6;
                perStep = measure(engine, "tick");
                perStepWithWrite = measure(engine, "record");
                celRate = celRate(engine.cel());
            }
            double serveStart = coldServeStart();
            Path botHome = Files.createTempDirectory("pmgr-bench-bot");
            BotLatency.Result bot;
            try {
                bot = BotLatency.measure(appHome, botHome, 5, Math.max(5, runs));
            } finally {
                FileTrees.delete(botHome);
            }
            Path wakeHome = Files.createTempDirectory("pmgr-bench-wake");
            WakeLatency.Result wake;
            try {
                wake = WakeLatency.measure(appHome, wakeHome, 1, 5);
            } finally {
                FileTrees.delete(wakeHome);
            }
            // the shipped three game servers, then 12, 24 (the comparison) and 48
            LabTimes.Result lab = LabTimes.measure(appHome, List.of(0, 9, 21, 45), 3);
            return new Report(steps, runs, percentile(perStep, 0.5), percentile(perStep, 0.9),
                    percentile(perStepWithWrite, 0.5), celRate, engineStart, serveStart, hawtioReadyMs, serveRssMb,
                    launcherRssMb, serveLaunch, bot, wake, lab);
        } finally {
            FileTrees.delete(home);
        }
    }

    /**
     * Starts `pmgr serve` in a new JVM on a copy of the application's definitions and routes (its
     * own data directory) and times it until it listens.
     */
    private double coldServeStart() throws Exception {
        Path home = Files.createTempDirectory("pmgr-bench-serve");
        try {
            BotLatency.copyApp(appHome, home);
            serveLaunch = launch();
            ProcessBuilder pb = pmgr(home, List.of("serve")).redirectErrorStream(true);
            pb.environment().put("PMGR_HTTP_PORT", "0");
            pb.environment().put("PMGR_HAWTIO_PORT", "0");
            long t0 = System.nanoTime();
            Process p = pb.start();
            try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("pmgr serve: listening")) {
                        double started = (System.nanoTime() - t0) / 1e6;
                        hawtioReadyMs = hawtioReady(home.resolve("data"), t0);
                        long servePid = pmgr.api.ServerInfo.read(home.resolve("data")).map(pmgr.api.ServerInfo::pid).orElse(p.pid());
                        serveRssMb = residentMb(servePid);
                        launcherRssMb = servePid == p.pid() ? 0 : residentMb(p.pid());
                        return started;
                    }
                }
                throw new IllegalStateException("serve exited before listening");
            } finally {
                p.destroy();
                p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            FileTrees.delete(home);
        }
    }

    /** A pmgr command in a new JVM, as the README starts it: {@code target/pmgr} beside the jar, else {@code java -jar}, else the build's classes. */
    static ProcessBuilder pmgr(Path home, List<String> args) {
        Optional<Path> jar = Launcher.ownJar();
        Optional<Path> script = commandLineScript(jar);
        List<String> command = new ArrayList<>();
        if (script.isPresent()) {
            command.add(script.get().toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jar.isPresent() ? List.of("-jar", jar.get().toString())
                    : List.of("-cp", System.getProperty("java.class.path"), "pmgr.cli.PmgrCli"));
        }
        command.add("--home");
        command.add(home.toString());
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    /** {@code target/pmgr} beside the jar, as the README runs pmgr. */
    private static Optional<Path> commandLineScript(Optional<Path> jar) {
        return jar.map(j -> j.resolveSibling("pmgr")).filter(Files::isExecutable);
    }

    /** How {@link #pmgr} starts the JVM, for the report. */
    static String launch() {
        Optional<Path> jar = Launcher.ownJar();
        if (jar.isEmpty()) {
            return "from the build's classes, no class-data archive";
        }
        boolean archive = Launcher.usableArchive(jar, List.of(), System.getenv("PMGR_CLASS_ARCHIVE")).isPresent();
        return (commandLineScript(jar).isPresent() ? "target/pmgr, one JVM" : "java -jar, through the launcher")
                + (archive ? ", class-data archive" : ", no class-data archive");
    }

    /** Resident memory of a process in MB (Linux /proc), or -1 where that cannot be read. */
    private static double residentMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    private double serveRssMb = -1;
    private double launcherRssMb = -1;
    private String serveLaunch = "";
    private double hawtioReadyMs = -1;

    /** Milliseconds from the start until Hawtio's page answers (it deploys once serve listens). */
    private static double hawtioReady(Path dataDir, long t0) throws Exception {
        String url = pmgr.api.ServerInfo.read(dataDir).orElseThrow().hawtio();
        return HawtioServer.awaitPage(() -> url, Duration.ofSeconds(60)).isPresent() ? (System.nanoTime() - t0) / 1e6 : -1;
    }

    /** Per-step time of each measured run (after warm-up runs that let the JIT settle). */
    private List<Double> measure(Engine engine, String method) throws Exception {
        List<Double> perStep = new ArrayList<>();
        for (int i = 0; i < 3 + runs; i++) {
            String id = engine.runner().start("bench-" + method, Map.of("label", "run" + i), "bench");
            RunRecord r = engine.runner().await(id, Duration.ofMinutes(5));
            if (!r.status().equals("SUCCEEDED")) {
                throw new IllegalStateException("benchmark run failed: " + r.error());
            }
            if (i >= 3) {
                perStep.add(Duration.between(r.startedAt(), r.finishedAt()).toNanos() / 1e6 / steps);
            }
        }
        return perStep;
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * p) - 1));
    }

    private static double celRate(CelEngine cel) {
        String expression = "model.bench.resource.tick['t'].attributes.n + 1 > 0 && inputs.label.startsWith('run')";
        Bindings b = cel.bindings().inputs(Map.of("label", "run1"));
        long count = 0;
        long end = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < end) { // warm-up
            cel.evaluate(expression, b);
        }
        long start = System.nanoTime();
        end = start + 2_000_000_000L;
        while (System.nanoTime() < end) {
            cel.evaluate(expression, b);
            count++;
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private void writeHome(Path home) throws IOException {
        Files.createDirectories(home.resolve("definitions"));
        Files.createDirectories(home.resolve("routes"));
        Files.writeString(home.resolve("definitions/bench.yaml"), """
                name: bench
                type: bench/noop
                description: Benchmark instance
                globalArguments:
                  label: ${{ inputs.label }}
                """);
        StringBuilder wf = new StringBuilder("""
                - workflow:
                    inputs:
                      label: {type: string, required: true, description: Run label}
                - route:
                    id: bench
                    group: workflow
                    description: Many trivial steps
                    from:
                      uri: direct:workflow.bench
                      steps:
                """);
        for (int i = 1; i <= steps; i++) {
            wf.append("""
                            - step:
                                id: s%d
                                description: Step %d
                                steps:
                                  - setVariable:
                                      name: args
                                      expression:
                                        language: {language: cel, expression: "{'n': %d}"}
                                  - to: direct:bench.METHOD
                    """.formatted(i, i, i));
        }
        for (String method : List.of("tick", "record")) {
            Files.writeString(home.resolve("routes/bench-" + method + ".yaml"),
                    wf.toString().replace("direct:bench.METHOD", "direct:bench." + method)
                            .replace("id: bench\n", "id: bench-" + method + "\n")
                            .replace("direct:workflow.bench\n", "direct:workflow.bench-" + method + "\n"));
        }
    }

}
