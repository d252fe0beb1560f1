package pmgr.models.games;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pmgr.model.MethodContext;
import pmgr.models.ssh.Ssh;

/**
 * What every game server's console does the same way: warn players before a shutdown, report who
 * is online, and collect the player metrics (the .prom file and the players log on the VM). Each
 * returns the resource data to write. The console is absent when the VM has no address; a VM that
 * does not answer SSH counts as a server that is not running (its log says so).
 */
final class ConsoleMethods {
    private ConsoleMethods() {
    }

    static Map<String, Object> warnShutdown(MethodContext ctx, Optional<? extends GameConsole> console, long delaySeconds)
            throws InterruptedException {
        String warning = "say == SERVER SHUTTING DOWN IN " + delaySeconds + " SECONDS ==";
        Map<String, Object> d = new LinkedHashMap<>();
        if (console.isEmpty() || !typed(ctx, console.get(), Collections.nCopies(3, warning))) {
            ctx.log("Skipping the warning");
            d.put("success", true);
            d.put("skipped", true);
        } else {
            ctx.log("Warned players; waiting " + delaySeconds + "s");
            ctx.sleep(Duration.ofSeconds(delaySeconds));
            d.put("success", true);
            d.put("skipped", false);
        }
        d.put("timestamp", Instant.now().toString());
        return d;
    }

    static Map<String, Object> status(MethodContext ctx, Optional<? extends GameConsole> console) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("timestamp", Instant.now().toString());
        GameConsole.Answer a = ask(ctx, console).orElse(GameConsole.Answer.NOT_RUNNING);
        if (!a.running()) {
            d.put("serverRunning", false);
            return d;
        }
        d.put("serverRunning", true);
        if (a.players().isPresent()) {
            PlayerData p = a.players().get();
            ctx.log(describe(p));
            d.put("online", p.online());
            d.put("max", p.max());
            d.put("players", p.players());
        } else {
            ctx.log("Could not read the player list from the console");
            d.put("online", null);
            d.put("max", null);
            d.put("players", List.of());
        }
        return d;
    }

    /** Counts the players and writes the metrics files on the VM (also when the server is down): one round trip. */
    static Map<String, Object> collect(MethodContext ctx, Optional<? extends GameConsole> console, String textfileDir,
                                       String playersLog, String serverName) {
        // the script that asks also writes the files, on a VM that answered: one without an address or SSH has nowhere to keep them
        Optional<GameConsole.Answer> asked = console.flatMap(c -> {
            String writing = Metrics.writing(textfileDir, playersLog, c.game(), serverName, Instant.now());
            return reached(ctx, c, () -> c.players(ctx, writing));
        });
        PlayerData p;
        if (asked.isEmpty() || !asked.get().running()) {
            p = PlayerData.notRunning();
        } else {
            PlayerData q = asked.get().players().orElse(new PlayerData(true, 0, null, List.of()));
            p = new PlayerData(true, q.online(), q.max(), q.players());
            ctx.log(describe(p));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("timestamp", Instant.now().toString());
        d.put("serverRunning", p.serverRunning());
        // false when the VM has no address or did not answer SSH: nobody knows who plays (never "empty")
        d.put("reachable", asked.isPresent());
        d.put("online", p.online());
        d.put("max", p.max());
        d.put("players", p.players());
        return d;
    }

    /** The console's answer; empty when there is no console or its VM does not answer SSH (logged). */
    private static Optional<GameConsole.Answer> ask(MethodContext ctx, Optional<? extends GameConsole> console) {
        return console.flatMap(c -> reached(ctx, c, () -> c.players(ctx)));
    }

    /** Types the lines; false when the console is down or its VM does not answer SSH (logged). */
    private static boolean typed(MethodContext ctx, GameConsole console, List<String> lines) {
        return reached(ctx, console, () -> console.type(ctx, lines)).orElse(false);
    }

    /** What a console call gave; empty, with it logged, when the VM does not answer SSH. */
    private static <T> Optional<T> reached(MethodContext ctx, GameConsole console, java.util.function.Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (Ssh.Unreachable e) {
            ctx.log("SSH unreachable at " + console.ssh.target().host());
            return Optional.empty();
        }
    }

    /** "2/20 players online: alice, bob", or without a known maximum "2 players online: Guide, Nurse". */
    static String describe(PlayerData p) {
        return p.online() + (p.max() == null ? "" : "/" + p.max()) + " players online: "
                + (p.players().isEmpty() ? "(none)" : String.join(", ", p.players()));
    }
}
