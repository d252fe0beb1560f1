package pmgr.models.games;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pmgr.engine.AbstractModelType;
import pmgr.engine.Arg;
import pmgr.engine.MethodContext;
import pmgr.engine.ModelMethod;
import pmgr.engine.NoArgs;
import pmgr.engine.ResourceSpec;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.Ssh;
import pmgr.models.ssh.SshConnection;

/**
 * {@code terraria/server}: tModLoader in a Docker container, its console in a tmux session inside the
 * container. Writes {@code server/server} and {@code metrics/metrics}; {@code serverName} is the
 * metrics label and names the .prom file.
 */
public final class TerrariaServerModel extends AbstractModelType {

    public record Globals(
            @Arg(description = "How to reach the host over SSH (pmgr.lab.ssh.* fill in what is not given)") SshConnection ssh,
            @Arg(description = "Container running tModLoader", defaultValue = "tmodloader", pattern = Shell.NAME,
                    patternHint = Shell.NAME_HINT) String containerName,
            @Arg(description = "Server name: metrics label", defaultValue = "server", pattern = Shell.NAME,
                    patternHint = Shell.NAME_HINT) String serverName,
            @Arg(description = "Seconds players get after the shutdown warning", defaultValue = "${{ lab.games.warnDelaySeconds }}", min = 0, max = 600) long warnDelaySeconds,
            @Arg(description = "node_exporter textfile collector directory", defaultValue = "${{ lab.metrics.textfileDir }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String textfileDir,
            @Arg(description = "Players log (one JSON line per collection)", defaultValue = "${{ lab.metrics.playersLog }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String playersLog) {

        String container() {
            return Shell.quote(containerName);
        }
    }

    public TerrariaServerModel() {
        super("terraria/server", "2026.11.28.1",
                "A Terraria (tModLoader) server in Docker, its console in tmux",
                Globals.class,
                List.of(new ResourceSpec("server", "The server: running, players, what the last action did"),
                        new ResourceSpec("metrics", "Player metrics of the last collection")));
    }

    @Override
    public List<String> startupWarnings(String instance, Map<String, Object> globals) {
        return SshConnection.warnings(instance, globals);
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(
                ModelMethod.of("warnShutdown", "Tell players the server shuts down, then give them time", NoArgs.class,
                        List.of("server"), (a, ctx) -> warnShutdown(ctx)),
                ModelMethod.of("status", "Read who is online", NoArgs.class, List.of("server"), (a, ctx) -> status(ctx)),
                ModelMethod.of("collectMetrics", "Count players and write the metrics files on the VM", NoArgs.class,
                        List.of("metrics"), (a, ctx) -> collect(ctx)));
    }

    private static Globals g(MethodContext ctx) {
        return ctx.globals(Globals.class);
    }

    /** Whether the container runs and has its console session. */
    private static boolean consoleUp(MethodContext ctx, Ssh ssh, Globals g) {
        String running = ssh.run("docker inspect --format '{{.State.Running}}' " + g.container() + " 2>/dev/null").out();
        if (!running.equals("true")) {
            ctx.log("Container " + g.containerName() + " is not running");
            return false;
        }
        if (!ssh.run("docker exec " + g.container() + " tmux has-session 2>/dev/null && echo exists || echo missing").out().equals("exists")) {
            ctx.log("No tmux session in container " + g.containerName());
            return false;
        }
        return true;
    }

    private static void type(Ssh ssh, Globals g, String line) {
        ssh.check("docker exec " + g.container() + " tmux send-keys -l " + Shell.quote(line)
                + " && docker exec " + g.container() + " tmux send-keys Enter");
    }

    private Object warnShutdown(MethodContext ctx) throws InterruptedException {
        Globals g = g(ctx);
        Map<String, Object> d = new LinkedHashMap<>();
        Optional<Ssh> ssh = g.ssh().reach(ctx, 60);
        if (ssh.isEmpty() || !consoleUp(ctx, ssh.get(), g)) {
            ctx.log("Skipping the warning");
            d.put("success", true);
            d.put("skipped", true);
        } else {
            for (int i = 0; i < 3; i++) {
                type(ssh.get(), g, "say == SERVER SHUTTING DOWN IN " + g.warnDelaySeconds() + " SECONDS ==");
            }
            ctx.log("Warned players; waiting " + g.warnDelaySeconds() + "s");
            ctx.sleep(Duration.ofSeconds(g.warnDelaySeconds()));
            d.put("success", true);
            d.put("skipped", false);
        }
        d.put("timestamp", Instant.now().toString());
        ctx.write("server", g.serverName(), d);
        return null;
    }

    private static Optional<PlayerData> queryPlayers(MethodContext ctx, Ssh ssh, Globals g) throws InterruptedException {
        type(ssh, g, "playing");
        for (int i = 0; i < 12; i++) {
            ctx.sleep(Duration.ofMillis(250));
            Optional<PlayerData> p = ConsoleOutput.terrariaPlaying(ssh.run("docker exec " + g.container() + " tmux capture-pane -p").stdout());
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private Object status(MethodContext ctx) throws InterruptedException {
        Globals g = g(ctx);
        Map<String, Object> d = new LinkedHashMap<>();
        Optional<Ssh> ssh = g.ssh().reach(ctx, 60);
        if (ssh.isEmpty() || !consoleUp(ctx, ssh.get(), g)) {
            d.put("serverRunning", false);
        } else {
            Optional<PlayerData> p = queryPlayers(ctx, ssh.get(), g);
            d.put("serverRunning", true);
            if (p.isPresent()) {
                ctx.log(p.get().online() + " player(s) connected: "
                        + (p.get().players().isEmpty() ? "(none)" : String.join(", ", p.get().players())));
                d.put("online", p.get().online());
                d.put("players", p.get().players());
            } else {
                ctx.log("Could not read the player list from the console");
                d.put("online", null);
                d.put("players", List.of());
            }
            d.put("max", null);
        }
        d.put("timestamp", Instant.now().toString());
        ctx.write("server", g.serverName(), d);
        return null;
    }

    private Object collect(MethodContext ctx) throws InterruptedException {
        Globals g = g(ctx);
        Optional<Ssh> ssh = g.ssh().reach(ctx, 60);
        PlayerData p;
        if (ssh.isEmpty()) {
            p = PlayerData.notRunning();
        } else if (!consoleUp(ctx, ssh.get(), g)) {
            p = PlayerData.notRunning();
            Metrics.write(ssh.get(), g.textfileDir(), g.playersLog(), "terraria", g.serverName(), p);
        } else {
            PlayerData q = queryPlayers(ctx, ssh.get(), g).orElse(new PlayerData(true, 0, null, List.of()));
            p = new PlayerData(true, q.online(), null, q.players());
            ctx.log(p.online() + " player(s): " + (p.players().isEmpty() ? "(none)" : String.join(", ", p.players())));
            Metrics.write(ssh.get(), g.textfileDir(), g.playersLog(), "terraria", g.serverName(), p);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("serverRunning", p.serverRunning());
        d.put("online", p.online());
        d.put("max", null);
        d.put("players", p.players());
        d.put("timestamp", Instant.now().toString());
        ctx.write("metrics", g.serverName(), d);
        return null;
    }
}
