package pmgr.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmgr.bot.BotSettings;
import pmgr.bot.jda.BotService;
import pmgr.config.Settings;
import pmgr.engine.Engine;
import pmgr.sandbox.SandboxLab;
import pmgr.store.RunRecord;
import pmgr.wake.JoinProbe;

/**
 * How fast a join wakes a server: a Minecraft client's join attempt at allthemons' wake listener
 * (the sandbox's, on 127.0.0.10) timed to the first request its start workflow makes of the Proxmox
 * node. The sandbox here has no game hosts, so each wake run is cut short once it has asked Proxmox
 * (its bound is five seconds) and the server stays asleep for the next join.
 */
final class WakeLatency {
    private static final Duration WAIT = Duration.ofSeconds(30);

    record Result(double toProxmoxMs, int samples) {
    }

    private WakeLatency() {
    }

    static Result measure(Path appHome, Path home, int warmUp, int samples) throws Exception {
        BotLatency.copyApp(appHome, home);
        // whoever joins may wake it: the bench records no whitelist
        Path definition = home.resolve("definitions/allthemonsMinecraft.yaml");
        Files.writeString(definition, Files.readString(definition).replace("allow: whitelist", "allow: anyone"));
        try (SandboxLab lab = SandboxLab.start(home.resolve("data"), SandboxLab.Options.fast())) {
            Map<String, String> overrides = new LinkedHashMap<>(lab.settings());
            overrides.put("pmgr.http.port", "0");
            overrides.put("pmgr.wake.run-timeout", "5s");
            overrides.put("pmgr.wake.wakes-per-minute", Integer.toString(warmUp + samples + 1));
            Settings settings = Settings.load(home, overrides);
            BotService bot = new BotService(BotSettings.from(settings));
            try (Engine engine = Engine.start(settings, bot.addTo(Engine.Options.defaults())); BotService closing = bot) {
                lab.seedVault(engine.vault(), settings.get("pmgr.lab.proxmox.vault"), settings.get("pmgr.lab.proxmox.passwordKey"));
                bot.connect(engine); // no Discord here: the wake listeners start all the same
                String listen = lab.wakeListen();
                String host = listen.substring(0, listen.lastIndexOf(':'));
                int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
                List<Double> times = new ArrayList<>();
                for (int i = 0; i < warmUp + samples; i++) {
                    Instant t0 = Instant.now();
                    String answer = JoinProbe.join(host, port, 767, "bench" + i, (int) WAIT.toMillis());
                    if (!answer.contains("is starting, join again")) {
                        throw new IllegalStateException("the join woke nothing: " + answer);
                    }
                    Instant first = BotLatency.firstProxmoxRequest(lab, t0, "the wake run");
                    awaitWakeRun(engine, "wake:bench" + i);
                    if (i >= warmUp) {
                        times.add(Duration.between(t0, first).toNanos() / 1e6);
                    }
                }
                return new Result(Benchmark.percentile(times, 0.5), samples);
            }
        }
    }

    /** The next join finds the lock free once the run (cut short at its bound) has ended. */
    private static void awaitWakeRun(Engine engine, String origin) throws Exception {
        RunRecord run = engine.ledger().list(20, "start-minecraft").stream().filter(r -> origin.equals(r.origin())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no run with origin " + origin));
        engine.runner().await(run.id(), WAIT);
    }
}
