package pmgr.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pmgr.api.ApiServer;
import pmgr.bot.BotSettings;
import pmgr.bot.jda.BotService;
import pmgr.config.Durations;
import pmgr.config.Home;
import pmgr.config.Settings;
import pmgr.engine.DataDirLock;
import pmgr.engine.Engine;
import pmgr.ops.HawtioServer;
import pmgr.sandbox.SandboxChat;
import pmgr.sandbox.SandboxLab;

@Command(name = "serve", description = "Run the long-lived process: HTTP API, schedules, bot, Hawtio. Stops on Ctrl-C / SIGTERM.")
final class ServeCommand extends CliSupport implements Callable<Integer> {
    /** How long serve waits for a CLI command that holds the data directory. */
    private static final Duration CLI_WAIT = Duration.ofSeconds(60);

    @Option(names = "--sandbox", description = "Run against a sandbox lab on this machine (a fake Proxmox node with the lab's VMs, "
            + "their game servers, a fake Discord) instead of the configured one.")
    boolean sandbox;

    /** What serve runs, stopped in the reverse order on the way out. */
    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(":")).anyMatch(d -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, tool)));
    }

    @Override
    public Integer call() throws InterruptedException {
        Instant t0 = Instant.now();
        Settings configured = settings();
        Home.check(configured);
        // first of all: the data directory is ours, so a CLI command given now waits for this serve
        // (and one that got there first is waited for) instead of one of them failing
        running.push(DataDirLock.acquire(configured.dataDir(), "serve", CLI_WAIT));
        // Hawtio takes its port beside the engine's start; its web application is deployed once serve listens
        CompletableFuture<HawtioServer> hawtio = configured.getBoolean("pmgr.hawtio.enabled")
                ? CompletableFuture.supplyAsync(() -> HawtioServer.start(configured)) : CompletableFuture.completedFuture(null);
        try {
            Settings settings = configured;
            SandboxLab lab = null;
            if (sandbox) {
                lab = startSandbox(configured);
                Map<String, String> overrides = new HashMap<>(root().overrides);
                overrides.putAll(lab.settings());
                settings = Settings.load(configured.home(), overrides);
            }
            BotSettings botSettings = BotSettings.from(settings);
            BotService bot = new BotService(botSettings);
            SandboxChat chat = lab == null || lab.discord() == null ? null : new SandboxChat(lab.discord());
            ApiServer server = ApiServer.start(settings, bot.addTo(Engine.Options.defaults().asServer()),
                    chat == null ? List.of() : chat.endpoints());
            running.push(server);
            if (lab != null) {
                lab.seedVault(server.engine().vault(), settings.get("pmgr.lab.proxmox.vault"), settings.get("pmgr.lab.proxmox.passwordKey"));
                lab.seedBotToken(server.engine().vault(), botSettings.vault());
                describe(lab);
            }
            if (chat != null) {
                running.push(chat);
            }
            String hawtioLine = hawtio(joined(hawtio), server, settings);
            String botLine = settings.getBoolean("pmgr.bot.enabled") ? bot.connect(server.engine())
                    : bot.switchedOff(server.engine(), "pmgr.bot.enabled=false");
            running.push(bot);
            out().println("pmgr serve: listening on " + server.url() + " (started in "
                    + Durations.format(Duration.between(t0, Instant.now())) + "; API token in "
                    + server.engine().dataDir().resolve("api-token") + ")");
            out().println(hawtioLine);
            out().println(botLine);
            out().println(bot.wake().describe());
            out().flush();
        } catch (RuntimeException e) {
            hawtio.thenAccept(h -> {
                if (h != null) {
                    h.close();
                }
            });
            stopAll();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll();
            stopped.countDown();
        }, "pmgr-shutdown"));
        stopped.await();
        return PmgrCli.OK;
    }

    private SandboxLab startSandbox(Settings settings) {
        SandboxLab.Options options = SandboxLab.Options.demo();
        if (!onPath("tmux")) {
            out().println("note: tmux is not installed, so the sandbox VMs run no game servers (apt-get install tmux)");
            options = options.withGameHosts(false);
        }
        SandboxLab lab = SandboxLab.start(settings.dataDir(), options);
        running.push(lab);
        return lab;
    }

    private void describe(SandboxLab lab) {
        out().println("sandbox lab: Proxmox node " + SandboxLab.NODE + " at " + lab.proxmox().baseUrl()
                + " with VMs " + String.join(", ", lab.proxmox().vms().stream().map(v -> v.name()).toList()));
        if (lab.discord() != null) {
            out().println("sandbox lab: fake Discord at " + lab.discord().restBaseUrl() + ", guild " + lab.discord().guildName()
                    + " (#clankers, #general; alice and bob have the role homie, mallory has none): try"
                    + " target/pmgr chat '/status server:allthemons'");
        }
        if (lab.hub() != null) {
            out().println("sandbox lab: monitoring hub hancock at " + SandboxLab.hubAddress() + " (SSH, a fake Loki; Prometheus' targets in "
                    + lab.hubTargetsDir() + ", port " + lab.hubPrometheusPort() + " kept for a Prometheus reading them)"
                    + (onPath("prometheus-node-exporter") ? "" : "; prometheus-node-exporter is not installed, so the VMs' node"
                    + " exporters cannot start (apt-get install prometheus-node-exporter)"));
        }
    }

    private String hawtio(HawtioServer hawtio, ApiServer server, Settings settings) {
        if (hawtio == null) {
            return "hawtio: off (pmgr.hawtio.enabled=false)";
        }
        running.push(hawtio);
        server.announceHawtio(hawtio.url());
        server.engine().camel().getExecutorServiceManager().newSingleThreadExecutor(this, "pmgr-hawtio").execute(hawtio::deploy);
        return "hawtio: " + hawtio.url() + " (user " + hawtio.user() + ", password "
                + (settings.has("pmgr.hawtio.password") ? "pmgr.hawtio.password" : "in " + settings.dataDir().resolve("hawtio-password"))
                + "; ready a few seconds after this)";
    }

    private static HawtioServer joined(CompletableFuture<HawtioServer> hawtio) {
        try {
            return hawtio.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private synchronized void stopAll() {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e.getMessage());
            }
        }
    }
}
