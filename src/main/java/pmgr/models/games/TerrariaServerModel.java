package pmgr.models.games;

import java.util.List;
import java.util.Optional;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.NoArgs;
import pmgr.model.ResourceSpec;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.SshModelType;
import pmgr.models.ssh.SshConnection;

/**
 * {@code terraria/server}: tModLoader in a Docker container, its console in a tmux session inside the
 * container. Writes {@code server/<serverName>} and {@code metrics/<serverName>}; {@code serverName} is the
 * metrics label and names the .prom file.
 */
public final class TerrariaServerModel extends SshModelType<TerrariaServerModel.Globals> {

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
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String playersLog,
            @pmgr.model.Nullable @Arg(description = "Idle power-down: stop the server when nobody plays (off when not set)") pmgr.power.IdlePolicy idle) {
    }

    public TerrariaServerModel() {
        super("terraria/server", "2026.11.28.1",
                "A Terraria (tModLoader) server in Docker, its console in tmux",
                Globals.class,
                List.of(new ResourceSpec("server", "The server: running, players, what the last action did"),
                        new ResourceSpec("metrics", "Player metrics of the last collection"),
                        new ResourceSpec("idle", "Idle power-down decisions (the bot's countdowns, keep-ups and stops)")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(
                method("warnShutdown", "Tell players the server shuts down, then give them time", NoArgs.class,
                        List.of("server"), (g, a, ctx) -> warnShutdown(ctx, g)),
                method("status", "Read who is online", NoArgs.class, List.of("server"), (g, a, ctx) -> status(ctx, g)),
                method("collectMetrics", "Count players and write the metrics files on the VM", NoArgs.class,
                        List.of("metrics"), (g, a, ctx) -> collect(ctx, g)));
    }

    /** The server's console, when its VM has an address and answers SSH. */
    private static Optional<GameConsole> console(MethodContext ctx, Globals g) {
        return g.ssh().whenHost(ctx, 60).map(ssh -> new ContainerConsole(ssh, g.containerName()));
    }

    private void warnShutdown(MethodContext ctx, Globals g) throws InterruptedException {
        ctx.write("server", g.serverName(), ConsoleMethods.warnShutdown(ctx, console(ctx, g), g.warnDelaySeconds()));
    }

    private void status(MethodContext ctx, Globals g) throws InterruptedException {
        ctx.write("server", g.serverName(), ConsoleMethods.status(ctx, console(ctx, g)));
    }

    private void collect(MethodContext ctx, Globals g) throws InterruptedException {
        ctx.write("metrics", g.serverName(), ConsoleMethods.collect(ctx, console(ctx, g), g.textfileDir(), g.playersLog(), g.serverName()));
    }
}
