package pmgr.models.games;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pmgr.model.MethodContext;

/**
 * What every game server's console does the same way: warn players before a shutdown, report who
 * is online, and collect the player metrics (the .prom file and the players log on the VM). Each
 * returns the resource data to write; an absent console means the VM had no address or no SSH.
 */
final class ConsoleMethods {
    private ConsoleMethods() {
    }

    static Map<String, Object> warnShutdown(MethodContext ctx, Optional<? extends GameConsole> reached, long delaySeconds)
            throws InterruptedException {
        Map<String, Object> d = new LinkedHashMap<>();
        if (reached.isEmpty() || !reached.get().up(ctx)) {
            ctx.log("Skipping the warning");
            d.put("success", true);
            d.put("skipped", true);
        } else {
            for (int i = 0; i < 3; i++) {
                reached.get().type("say == SERVER SHUTTING DOWN IN " + delaySeconds + " SECONDS ==");
            }
            ctx.log("Warned players; waiting " + delaySeconds + "s");
            ctx.sleep(Duration.ofSeconds(delaySeconds));
            d.put("success", true);
            d.put("skipped", false);
        }
        d.put("timestamp", Instant.now().toString());
        return d;
    }

    static Map<String, Object> status(MethodContext ctx, Optional<? extends GameConsole> reached) throws InterruptedException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("timestamp", Instant.now().toString());
        if (reached.isEmpty() || !reached.get().up(ctx)) {
            d.put("serverRunning", false);
            return d;
        }
        Optional<PlayerData> p = reached.get().players();
        d.put("serverRunning", true);
        if (p.isPresent()) {
            ctx.log(describe(p.get()));
            d.put("online", p.get().online());
            d.put("max", p.get().max());
            d.put("players", p.get().players());
        } else {
            ctx.log("Could not read the player list from the console");
            d.put("online", null);
            d.put("max", null);
            d.put("players", List.of());
        }
        return d;
    }

    /** Counts the players and writes the metrics files on the VM (also when the server is down). */
    static Map<String, Object> collect(MethodContext ctx, Optional<? extends GameConsole> reached, String textfileDir,
                                       String playersLog, String serverName) throws InterruptedException {
        PlayerData p;
        if (reached.isEmpty()) {
            p = PlayerData.notRunning();
        } else if (!reached.get().up(ctx)) {
            p = PlayerData.notRunning();
            Metrics.write(reached.get().ssh, textfileDir, playersLog, reached.get().game(), serverName, p);
        } else {
            PlayerData q = reached.get().players().orElse(new PlayerData(true, 0, null, List.of()));
            p = new PlayerData(true, q.online(), q.max(), q.players());
            ctx.log(describe(p));
            Metrics.write(reached.get().ssh, textfileDir, playersLog, reached.get().game(), serverName, p);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("timestamp", Instant.now().toString());
        d.put("serverRunning", p.serverRunning());
        d.put("online", p.online());
        d.put("max", p.max());
        d.put("players", p.players());
        return d;
    }

    /** "2/20 players online: alice, bob", or without a known maximum "2 players online: Guide, Nurse". */
    static String describe(PlayerData p) {
        return p.online() + (p.max() == null ? "" : "/" + p.max()) + " players online: "
                + (p.players().isEmpty() ? "(none)" : String.join(", ", p.players()));
    }
}
