package pmgr.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import pmgr.bot.BotSettings;
import pmgr.bot.jda.BotService;
import pmgr.config.Settings;
import pmgr.engine.Engine;
import pmgr.sandbox.SandboxLab;
import pmgr.sandbox.discord.Entry;
import pmgr.sandbox.discord.EntryMatch;
import pmgr.sandbox.discord.FakeDiscord;
import pmgr.sandbox.discord.Interaction;
import pmgr.sandbox.proxmox.Request;

/**
 * How fast the bot answers: the real bot (JDA) against the sandbox's fake Discord and Proxmox node,
 * timing {@code /start server:calamity} from its dispatch on the gateway to the deferred reply
 * Discord needs within 3 s, and to the Proxmox node's first request of the run it starts.
 */
final class BotLatency {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Medians in milliseconds, over {@code samples} commands after warm-up ones. */
    record Result(double toDeferredMs, double toProxmoxMs, int samples) {
    }

    private BotLatency() {
    }

    static Result measure(Path appHome, Path home, int warmUp, int samples) throws Exception {
        copyApp(appHome, home);
        try (SandboxLab lab = SandboxLab.start(home.resolve("data"), SandboxLab.Options.fast().withDiscord(null))) {
            Map<String, String> overrides = new LinkedHashMap<>(lab.settings());
            overrides.put("pmgr.http.port", "0");
            overrides.put("pmgr.bot.cooldown", "0ms");
            Settings settings = Settings.load(home, overrides);
            BotSettings botSettings = BotSettings.from(settings);
            BotService bot = new BotService(botSettings);
            try (Engine engine = Engine.start(settings, bot.addTo(Engine.Options.defaults())); BotService closing = bot) {
                lab.seedVault(engine.vault(), settings.get("pmgr.lab.proxmox.vault"), settings.get("pmgr.lab.proxmox.passwordKey"));
                lab.seedBotToken(engine.vault(), botSettings.vault());
                String line = bot.connect(engine);
                if (bot.discord().isEmpty()) {
                    throw new IllegalStateException(line);
                }
                FakeDiscord discord = lab.discord();
                if (!discord.awaitCommands(WAIT)) {
                    throw new IllegalStateException("the bot registered no commands within " + WAIT.toSeconds() + "s");
                }
                List<Double> deferred = new ArrayList<>();
                List<Double> proxmox = new ArrayList<>();
                for (int i = 0; i < warmUp + samples; i++) {
                    Interaction start = discord.slashCommand("alice", "clankers", "start", Map.of("server", "calamity"));
                    Entry ack = discord.await(EntryMatch.kind(Entry.Kind.INTERACTION_CALLBACK).and(EntryMatch.interaction(start.id())), WAIT);
                    Instant first = firstProxmoxRequest(lab, start.dispatchedAt(), "the run of /start");
                    awaitEnd(discord, start);
                    if (i >= warmUp) {
                        deferred.add((ack.nanos() - start.dispatchedNanos()) / 1e6);
                        proxmox.add(Duration.between(start.dispatchedAt(), first).toNanos() / 1e6);
                    }
                }
                return new Result(Benchmark.percentile(deferred, 0.5), Benchmark.percentile(proxmox, 0.5), samples);
            }
        }
    }

    /** When the sandbox node got its first request at or after {@code after} (bounded; {@code by} names who should have asked). */
    static Instant firstProxmoxRequest(SandboxLab lab, Instant after, String by) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            Optional<Instant> at = lab.proxmox().journal().stream().map(Request::at).filter(t -> !t.isBefore(after)).findFirst();
            if (at.isPresent()) {
                return at.get();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(by + " made no Proxmox request within " + WAIT.toSeconds() + "s");
    }

    /** The run is over when its message's footer says how it ended (the next /start would find it busy). */
    private static void awaitEnd(FakeDiscord discord, Interaction start) {
        discord.await(EntryMatch.described("the final edit of /start",
                e -> start.id().equals(e.interactionId()) && e.kind() == Entry.Kind.ORIGINAL_EDITED
                        && String.valueOf(e.request()).matches("(?s).*run \\S+ \u00B7 (succeeded|failed).*")), WAIT);
    }

    static void copyApp(Path appHome, Path home) throws java.io.IOException {
        for (String dir : List.of("definitions", "routes", "beans", "bot")) {
            Path from = appHome.resolve(dir);
            if (Files.isDirectory(from)) {
                try (Stream<Path> files = Files.list(from)) {
                    Files.createDirectories(home.resolve(dir));
                    for (Path f : files.toList()) {
                        Files.copy(f, home.resolve(dir).resolve(f.getFileName()));
                    }
                }
            }
        }
    }
}
