package pmgr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import pmgr.api.ServerInfo;
import pmgr.common.FileTrees;
import pmgr.common.Poll;
import pmgr.config.Home;
import pmgr.config.Settings;
import pmgr.engine.Engine;
import pmgr.ops.HawtioServer;
import pmgr.sandbox.SandboxLab;

/**
 * What the build runs in a JVM started with {@code -XX:ArchiveClassesAtExit}: the classes a day's
 * work loads (serve on the sandbox lab, CLI commands through it, the bot's fake Discord, Hawtio,
 * metrics), so the archive holds them and the {@link Launcher} can start pmgr from it. The JVM
 * writes the archive when this exits; serve is stopped by the exit's shutdown hooks.
 */
@Command(name = "class-archive-training", hidden = true,
        description = "Build step: exercise serve --sandbox and the CLI so the JVM's class-data archive holds their classes.")
final class ClassArchiveTraining extends CliSupport implements Callable<Integer> {
    private static final Duration SERVE_WAIT = Duration.ofMinutes(2);
    private static final Duration HAWTIO_WAIT = Duration.ofMinutes(1);

    @Override
    public Integer call() throws Exception {
        List<String> summary = new ArrayList<>(commandsWithoutServe());
        // a short path: the sandbox keeps tmux sockets under it, and socket paths are limited to 107 chars
        Path home = Files.createTempDirectory("pt");
        Home.create(home);
        Map<String, String> ports = Map.of("pmgr.http.port", "0", "pmgr.hawtio.port", "0");
        StringWriter serveOutput = new StringWriter();
        Thread serve = new Thread(() -> PmgrCli.execute(new String[] {"--home", home.toString(), "serve", "--sandbox"},
                new PrintWriter(serveOutput, true), new PrintWriter(serveOutput, true), ports), "training-serve");
        serve.setDaemon(true);
        serve.start();
        // the exit stops serve (its shutdown hook); then the scratch home goes
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                serve.join(SERVE_WAIT.toMillis());
                FileTrees.delete(home);
            } catch (IOException | InterruptedException e) {
                System.err.println("could not remove " + home + ": " + e.getMessage());
            }
        }, "training-cleanup"));
        ServerInfo server = awaitServe(home.resolve("data"), serve, serveOutput);

        for (String[] command : List.of(
                new String[] {"model", "types"},
                new String[] {"workflow", "list"},
                new String[] {"workflow", "run", "sync-fleet"},
                new String[] {"data", "get", "fleet", "allthemons"},
                new String[] {"workflow", "run", "status-minecraft", "-i", "vmName=allthemons"},
                new String[] {"chat", "/status server:calamity"},
                new String[] {"chat", "--as", "bob", "/list"},
                new String[] {"run", "list"})) {
            summary.add(run(home, command, Map.of()));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String path : List.of("/metrics", "/api/health")) {
            get(http, server.url() + path);
        }
        Path dataDir = home.resolve("data");
        summary.add("hawtio → " + HawtioServer.awaitPage(() -> ServerInfo.read(dataDir).map(ServerInfo::hawtio).orElse(null), HAWTIO_WAIT)
                .map(String::valueOf).orElse("not ready within " + HAWTIO_WAIT.toSeconds() + " s"));
        out().println("class archive training: " + String.join("; ", summary));
        out().flush();
        return PmgrCli.OK;
    }

    /**
     * A command line run with no serve starts its own engine (the settings, one workflow's definitions,
     * a Camel context, the ledger) and takes paths serve never does; a sandbox lab of its own answers it.
     */
    private static List<String> commandsWithoutServe() throws IOException {
        Path home = Files.createTempDirectory("pl");
        try {
            Home.create(home);
            try (SandboxLab lab = SandboxLab.start(home.resolve("data"), SandboxLab.Options.fast())) {
                Map<String, String> settings = new java.util.HashMap<>(lab.settings());
                settings.put("pmgr.http.port", "0");
                Settings loaded = Settings.load(home, settings);
                try (Engine engine = Engine.start(loaded, Engine.Options.defaults())) {
                    lab.seedVault(engine.vault(), loaded.get("pmgr.lab.proxmox.vault"), loaded.get("pmgr.lab.proxmox.passwordKey"));
                }
                List<String> summary = new ArrayList<>();
                for (String[] command : List.of(
                        new String[] {"workflow", "run", "stop-vm", "-i", "vmName=calamity"},
                        new String[] {"workflow", "run", "start-vm", "-i", "vmName=calamity"},
                        new String[] {"workflow", "run", "stop-vm", "-i", "vmName=calamity"},
                        new String[] {"data", "get", "fleet", "calamity"},
                        new String[] {"run", "list"})) {
                    summary.add("without serve: " + run(home, command, settings));
                }
                return summary;
            }
        } finally {
            FileTrees.delete(home);
        }
    }

    /** Runs one command line in this JVM; says how it ended. */
    private static String run(Path home, String[] command, Map<String, String> overrides) {
        String[] args = Stream.concat(Stream.of("--home", home.toString()), Stream.of(command)).toArray(String[]::new);
        StringWriter sink = new StringWriter();
        int code = PmgrCli.execute(args, new PrintWriter(sink, true), new PrintWriter(sink, true), overrides);
        return String.join(" ", command) + " → " + code
                + (code == PmgrCli.OK ? "" : " (" + sink.toString().strip().lines().reduce((a, b) -> b).orElse("") + ")");
    }

    private static ServerInfo awaitServe(Path dataDir, Thread serve, StringWriter output) throws InterruptedException {
        return Poll.within(SERVE_WAIT, Duration.ofMillis(200)).until(() -> {
            if (!serve.isAlive()) {
                throw new IllegalStateException("serve --sandbox stopped before it listened:\n" + output);
            }
            return ServerInfo.read(dataDir);
        }).orElseThrow(() -> new IllegalStateException("serve --sandbox did not listen within " + SERVE_WAIT.toSeconds() + " s:\n" + output));
    }

    private static void get(HttpClient http, String url) throws InterruptedException {
        try {
            http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // a training call that fails still loaded its classes
        }
    }

}
