package pmgr.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import pmgr.api.ApiServer;
import pmgr.bot.BotSettings;
import pmgr.bot.jda.BotService;
import pmgr.config.Durations;
import pmgr.config.Settings;
import pmgr.engine.DataDirLock;
import pmgr.engine.Engine;
import pmgr.sandbox.SandboxChat;
import pmgr.sandbox.SandboxLab;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run the long-lived process: HTTP API, schedules, bot. Stops on Ctrl-C / SIGTERM.")
final class ServeCommand extends CliSupport implements Callable<Integer> {
    @Option(names = "--sandbox", description = "Run against a sandbox lab on this machine (a fake Proxmox node with the lab's VMs) instead of the configured one.")
    boolean sandbox;

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(":")).anyMatch(d -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, tool)));
    }

    @Override
    public Integer call() throws InterruptedException {
        Instant t0 = Instant.now();
        Settings settings = settings();
        pmgr.config.Home.check(settings);
        // first of all: the data directory is ours, so a CLI command given now waits for this serve
        // (and one that got there first is waited for) instead of one of them failing
        DataDirLock dataDir = DataDirLock.acquire(settings.dataDir(), "serve", CLI_WAIT);
        try {
            return serve(t0, settings, dataDir);
        } catch (RuntimeException e) {
            dataDir.close();
            throw e;
        }
    }

    /** How long serve waits for a CLI command that holds the data directory. */
    private static final Duration CLI_WAIT = Duration.ofSeconds(60);

    private Integer serve(Instant t0, Settings settings, DataDirLock dataDir) throws InterruptedException {
        SandboxLab lab = null;
        if (sandbox) {
            SandboxLab.Options options = SandboxLab.Options.demo();
            if (!onPath("tmux")) {
                out().println("note: tmux is not installed, so the sandbox VMs run no game servers (apt-get install tmux)");
                options = options.withGameHosts(false);
            }
            lab = SandboxLab.start(settings.dataDir(), options);
            Map<String, String> overrides = new HashMap<>(root().overrides);
            overrides.putAll(lab.settings());
            settings = Settings.load(settings.home(), overrides);
        }
        BotSettings botSettings = BotSettings.from(settings);
        BotService bot = new BotService(botSettings);
        SandboxChat chat = lab == null || lab.discord() == null ? null : new SandboxChat(lab.discord());
        ApiServer server;
        try {
            server = ApiServer.start(settings, bot.addTo(Engine.Options.defaults().asServer()),
                    chat == null ? List.of() : chat.endpoints());
        } catch (RuntimeException e) {
            if (lab != null) {
                lab.close();
            }
            throw e;
        }
        if (lab != null) {
            lab.seedVault(server.engine().vault(), settings.get("pmgr.lab.proxmox.vault"), settings.get("pmgr.lab.proxmox.passwordKey"));
            lab.seedBotToken(server.engine().vault(), botSettings.vault());
            out().println("sandbox lab: Proxmox node " + SandboxLab.NODE + " at " + lab.proxmox().baseUrl()
                    + " with VMs " + String.join(", ", lab.proxmox().vms().stream().map(v -> v.name()).toList()));
            if (lab.discord() != null) {
                out().println("sandbox lab: fake Discord at " + lab.discord().restBaseUrl() + ", guild " + lab.discord().guildName()
                        + " (#clankers, #general; alice and bob have the role homie, mallory has none): try"
                        + " java -jar target/pmgr.jar chat '/status server:allthemons'");
            }
        }
        String botLine = bot.connect(server.engine());
        SandboxLab sandboxLab = lab;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bot.close();
            if (chat != null) {
                chat.close();
            }
            server.close();
            if (sandboxLab != null) {
                sandboxLab.close();
            }
            dataDir.close();
            stopped.countDown();
        }, "pmgr-shutdown"));
        out().println("pmgr serve: listening on " + server.url() + " (started in "
                + Durations.format(Duration.between(t0, Instant.now())) + "; API token in "
                + server.engine().dataDir().resolve("api-token") + ")");
        out().println(botLine);
        out().flush();
        stopped.await();
        return PmgrCli.OK;
    }
}
