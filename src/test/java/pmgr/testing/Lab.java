package pmgr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import pmgr.api.ApiServer;
import pmgr.config.Settings;
import pmgr.engine.Engine;
import pmgr.bot.BotSettings;
import pmgr.bot.jda.BotService;
import pmgr.sandbox.SandboxChat;
import pmgr.sandbox.SandboxLab;
import pmgr.store.RunRecord;

/**
 * The shipped definitions and workflows running against a sandbox lab: the application started as
 * {@code serve --sandbox} starts it (HTTP API included, so the CLI goes through it).
 */
public final class Lab implements AutoCloseable {
    public final Path home;
    public final SandboxLab sandbox;
    public final ApiServer server;
    public final Engine engine;
    /** The Discord bot when the sandbox has a fake Discord (connected to it), else null. */
    public final BotService bot;
    private final SandboxChat chat;

    private Lab(Path home, SandboxLab sandbox, ApiServer server, BotService bot, SandboxChat chat) {
        this.home = home;
        this.sandbox = sandbox;
        this.server = server;
        this.engine = server.engine();
        this.bot = bot;
        this.chat = chat;
    }

    public static Lab start(Path home, SandboxLab.Options options) {
        return start(home, options, Map.of());
    }

    public static Lab start(Path home, SandboxLab.Options options, Map<String, String> extraSettings) {
        return start(home, options, sandbox -> extraSettings);
    }

    /** With settings that depend on the sandbox (e.g. its certificate's fingerprint). */
    public static Lab start(Path home, SandboxLab.Options options,
                            java.util.function.Function<SandboxLab, Map<String, String>> extraSettings) {
        return start(home, options, extraSettings, h -> { });
    }

    /** With the shipped home changed first (e.g. a definition with settings of the test's own). */
    public static Lab start(Path home, SandboxLab.Options options, Map<String, String> extraSettings,
                            java.util.function.Consumer<Path> editHome) {
        return start(home, options, sandbox -> extraSettings, editHome);
    }

    private static Lab start(Path home, SandboxLab.Options options,
                             java.util.function.Function<SandboxLab, Map<String, String>> extraSettings,
                             java.util.function.Consumer<Path> editHome) {
        copyShipped(home);
        editHome.accept(home);
        SandboxLab sandbox = SandboxLab.start(home.resolve("data"), options);
        try {
            Map<String, String> overrides = new LinkedHashMap<>(sandbox.settings());
            overrides.put("pmgr.http.port", "0");
            overrides.put("pmgr.workflow.lock-wait", "2s");
            overrides.putAll(extraSettings.apply(sandbox));
            Settings settings = Settings.load(home, overrides);
            if (sandbox.discord() == null) {
                ApiServer server = ApiServer.start(settings, Engine.Options.defaults());
                sandbox.seedVault(server.engine().vault(), "proxmox-vault", "password");
                return new Lab(home, sandbox, server, null, null);
            }
            // as `serve --sandbox` runs it: the bot's routes, the chat endpoints, the bot connected to the fake
            BotSettings botSettings = BotSettings.from(settings);
            BotService bot = new BotService(botSettings);
            SandboxChat chat = new SandboxChat(sandbox.discord());
            ApiServer server = ApiServer.start(settings, bot.addTo(Engine.Options.defaults()), chat.endpoints());
            sandbox.seedVault(server.engine().vault(), "proxmox-vault", "password");
            sandbox.seedBotToken(server.engine().vault(), botSettings.vault());
            String line;
            try {
                line = bot.connect(server.engine());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.close();
                throw new IllegalStateException("interrupted while the bot connected");
            }
            if (bot.discord().isEmpty()) {
                server.close();
                throw new IllegalStateException(line);
            }
            return new Lab(home, sandbox, server, bot, chat);
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    /** The repository's definitions/, routes/ and beans/ into a test home. */
    public static void copyShipped(Path home) {
        for (String dir : new String[] {"definitions", "routes", "beans", "bot"}) {
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path target = home.resolve(f.toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public RunRecord run(String workflow, Map<String, ?> inputs) {
        try {
            return engine.runner().await(engine.runner().start(workflow, inputs, "test"), Duration.ofSeconds(60));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public RunRecord method(String instance, String method, Map<String, ?> args) {
        try {
            return engine.runner().await(engine.runner().startMethod(instance, method, args, "test"), Duration.ofSeconds(60));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Cli.Result cli(String... args) {
        return Cli.run(home, args);
    }

    @Override
    public void close() {
        if (bot != null) {
            bot.close();
            chat.close();
        }
        server.close();
        sandbox.close();
    }

}
