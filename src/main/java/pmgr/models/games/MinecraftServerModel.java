package pmgr.models.games;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pmgr.common.Poll;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.NoArgs;
import pmgr.model.Nullable;
import pmgr.model.ResourceSpec;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.SshModelType;
import pmgr.models.ssh.Ssh;
import pmgr.models.ssh.SshConnection;

/**
 * {@code minecraft/server}: a Minecraft server in a tmux session on a VM. Commands are typed into the
 * console with tmux (as literal text, one line); answers are read from its log. A stopped VM (no IP)
 * is "not running": status and metrics say so and succeed, and stopping is already done.
 */
public final class MinecraftServerModel extends SshModelType<MinecraftServerModel.Globals> {

    /** Minecraft player names: 3 to 16 letters, digits or underscores. */
    static final String PLAYER = "[A-Za-z0-9_]{3,16}";

    public record Globals(
            @Arg(description = "How to reach the host over SSH (pmgr.lab.ssh.* fill in what is not given)") SshConnection ssh,
            @Arg(description = "tmux session of the server console", defaultValue = "mons", pattern = Shell.NAME,
                    patternHint = Shell.NAME_HINT) String tmuxSession,
            @Arg(description = "Server directory", defaultValue = "~/mons", pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String serverDir,
            @Arg(description = "Start script, relative to the server directory", defaultValue = "./startserver.sh",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String startScript,
            @Arg(description = "Server log", defaultValue = "~/mons/logs/latest.log", pattern = Shell.PATH,
                    patternHint = Shell.PATH_HINT) String logPath,
            @Arg(description = "Server name: resource name and metrics label", defaultValue = "server", pattern = Shell.NAME,
                    patternHint = Shell.NAME_HINT) String serverName,
            @Arg(description = "Folder of the start script's output, mc-start-<session>.log", defaultValue = "${{ lab.minecraft.startLogDir }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String startLogDir,
            @Arg(description = "Seconds players get after the shutdown warning", defaultValue = "${{ lab.games.warnDelaySeconds }}", min = 0, max = 600) long warnDelaySeconds,
            @Arg(description = "Longest wait for the server to be ready, seconds (modpacks boot slowly)", defaultValue = "900", min = 1) long readyTimeoutSeconds,
            @Arg(description = "How often readiness is checked, seconds", defaultValue = "${{ lab.games.readyPollSeconds }}", min = 1) long readyPollSeconds,
            @Arg(description = "Longest wait for the server process to exit after 'stop', seconds", defaultValue = "90", min = 1) long stopTimeoutSeconds,
            @Arg(description = "node_exporter textfile collector directory", defaultValue = "${{ lab.metrics.textfileDir }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String textfileDir,
            @Arg(description = "Players log (one JSON line per collection)", defaultValue = "${{ lab.metrics.playersLog }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String playersLog,
            @Nullable @Arg(description = "Idle power-down: stop the server when nobody plays (off when not set)") pmgr.power.IdlePolicy idle,
            @Arg(description = "Wake on join: a listener in serve answers for the server while it sleeps (off unless wake.listen is set)")
            WakeOnJoin wake) {

        String session() {
            return Shell.quote("=" + tmuxSession);
        }

        String pane() {
            return Shell.quote("=" + tmuxSession + ":");
        }

        String startLogPath() {
            return (startLogDir.endsWith("/") ? startLogDir : startLogDir + "/") + "mc-start-" + tmuxSession + ".log";
        }
    }

    public record SayArgs(@Arg(description = "Text to broadcast (one line, at most 200 characters)") String message) {
        public SayArgs {
            if (message == null || message.isBlank()) {
                throw new IllegalArgumentException("argument 'message' is required");
            }
            if (message.length() > 200 || message.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("argument 'message' must be one line of at most 200 printable characters");
            }
        }
    }

    public record PlayerArgs(@Arg(description = "Minecraft player name", pattern = PLAYER,
            patternHint = "a Minecraft name: 3-16 letters, digits or underscores") String playerName) {
    }

    public MinecraftServerModel() {
        super("minecraft/server", "2026.11.28.1",
                "A Minecraft server console in tmux on a VM",
                Globals.class,
                List.of(new ResourceSpec("server", "The server: running, ready, players, what the last action did"),
                        new ResourceSpec("metrics", "Player metrics of the last collection"),
                        new ResourceSpec("idle", "Idle power-down decisions (the bot's countdowns, keep-ups and stops)"),
                        new ResourceSpec("access", "Who may join (whitelist, operators), the slots and the version, recorded while it runs")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        List<String> server = List.of("server");
        return List.of(
                method("warnShutdown", "Tell players the server shuts down, then give them time", NoArgs.class, server,
                        (g, a, ctx) -> warnShutdown(ctx, g)),
                method("startMinecraftServer", "Start the server in tmux and wait until it is ready", NoArgs.class, server,
                        (g, a, ctx) -> start(ctx, g)),
                method("stopMinecraftServer", "Stop the server gracefully ('stop', wait for the process, end the session)",
                        NoArgs.class, server, (g, a, ctx) -> stop(ctx, g)),
                method("status", "Read who is online", NoArgs.class, server, (g, a, ctx) -> status(ctx, g)),
                method("say", "Broadcast a message in the game", SayArgs.class, server,
                        (g, a, ctx) -> console(ctx, g, "say " + a.message(), "Broadcasting: " + a.message())),
                method("op", "Make a player operator", PlayerArgs.class, server,
                        (g, a, ctx) -> console(ctx, g, "op " + a.playerName(), "Granting op to: " + a.playerName())),
                method("deop", "Remove a player's operator status", PlayerArgs.class, server,
                        (g, a, ctx) -> console(ctx, g, "deop " + a.playerName(), "Revoking op from: " + a.playerName())),
                method("collectMetrics", "Count players and write the metrics files on the VM", NoArgs.class,
                        List.of("metrics"), (g, a, ctx) -> collect(ctx, g)),
                method("recordAccess", "Record the whitelist, the operators, the slots and the version (for waking it while it sleeps)",
                        NoArgs.class, List.of("access"), (g, a, ctx) -> recordAccess(ctx, g)));
    }

    /** The server's console, when its VM has an address and answers SSH. */
    private static Optional<TmuxConsole> console(MethodContext ctx, Globals g) {
        return g.ssh().whenHost(ctx, 60).map(ssh -> new TmuxConsole(ssh, g.session(), g.pane(), g.logPath()));
    }

    /** The console of a running server; empty, with the reason logged, when the server is not running. */
    private static Optional<TmuxConsole> runningServer(MethodContext ctx, Globals g) {
        return console(ctx, g).filter(c -> c.up(ctx));
    }

    private static void skipped(MethodContext ctx, Globals g, Map<String, Object> d) {
        d.put("success", true);
        d.put("skipped", true);
        d.put("serverRunning", false);
        write(ctx, g, d);
    }

    private static Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("timestamp", Instant.now().toString());
        return d;
    }

    /** Every version of the server resource says whether the server was running ({@code serverRunning}): the wake listener reads it. */
    private static void write(MethodContext ctx, Globals g, Map<String, Object> d) {
        ctx.write("server", g.serverName(), d);
    }

    /**
     * say/op/deop: skipped (and successful) when the VM is stopped or the server not started. A VM
     * that has an address but does not answer SSH is an error: the command was not delivered.
     */
    private void console(MethodContext ctx, Globals g, String line, String logText) {
        Map<String, Object> d = data();
        if (!g.ssh().hasHost()) {
            ctx.log("No sshHost - the VM is stopped; skipping");
            skipped(ctx, g, d);
            return;
        }
        TmuxConsole console = new TmuxConsole(g.ssh().connect(ctx, 60), g.session(), g.pane(), g.logPath());
        if (!console.type(ctx, List.of(line))) {
            ctx.log("Skipping");
            skipped(ctx, g, d);
            return;
        }
        ctx.log(logText);
        d.put("success", true);
        d.put("skipped", false);
        d.put("serverRunning", true);
        write(ctx, g, d);
    }

    private void warnShutdown(MethodContext ctx, Globals g) throws InterruptedException {
        Map<String, Object> d = ConsoleMethods.warnShutdown(ctx, console(ctx, g), g.warnDelaySeconds());
        d.put("serverRunning", !Boolean.TRUE.equals(d.get("skipped"))); // every server record says whether it ran
        write(ctx, g, d);
    }

    private void start(MethodContext ctx, Globals g) throws InterruptedException {
        Ssh ssh = g.ssh().connect(ctx, 60);
        ctx.log("Waiting for SSH on " + g.ssh().host() + "...");
        ssh.waitForConnection(Duration.ofSeconds(60), Duration.ofSeconds(2));
        String startLog = Shell.path(g.startLogPath());
        String startLogDir = g.startLogPath().contains("/") ? g.startLogPath().substring(0, g.startLogPath().lastIndexOf('/')) : "";
        if (!startLogDir.isEmpty()) {
            ssh.check("mkdir -p " + Shell.path(startLogDir));
        }
        ssh.run("tmux kill-session -t " + g.session() + " 2>/dev/null; truncate -s 0 " + Shell.path(g.logPath())
                + " 2>/dev/null; truncate -s 0 " + startLog + " 2>/dev/null; true");
        // tmux runs its command through a shell: the inner command is quoted once more
        String inner = "bash " + Shell.quote(g.startScript()) + " 2>&1 | tee " + startLog;
        ssh.check("tmux new-session -d -s " + Shell.quote(g.tmuxSession()) + " -c " + Shell.path(g.serverDir()) + " " + Shell.quote(inner));
        ctx.log("Started tmux session " + g.tmuxSession() + "; waiting for the server to be ready (up to "
                + g.readyTimeoutSeconds() + "s)");
        Instant t0 = Instant.now();
        Instant[] lastReport = {t0};
        Optional<Long> ready = Poll.within(Duration.ofSeconds(g.readyTimeoutSeconds()), Duration.ofSeconds(g.readyPollSeconds())).until(() -> {
            String state = ssh.run("grep -q '\\]: Done (' " + Shell.path(g.logPath()) + " 2>/dev/null && echo READY || "
                    + "(tmux has-session -t " + g.session() + " 2>/dev/null && echo WAITING || echo DEAD)").out();
            long elapsed = Duration.between(t0, Instant.now()).toSeconds();
            if (state.equals("READY")) {
                return Optional.of(elapsed);
            }
            if (state.equals("DEAD")) {
                throw new IllegalStateException("Server process exited before becoming ready. Start output:\n" + startOutput(ssh, g));
            }
            // looks come quickly at first; the log says so about once per poll interval
            if (Duration.between(lastReport[0], Instant.now()).toSeconds() >= g.readyPollSeconds()) {
                lastReport[0] = Instant.now();
                ctx.log("Server not ready yet (" + elapsed + "s elapsed)");
            }
            return Optional.empty();
        });
        if (ready.isEmpty()) {
            throw new IllegalStateException("Minecraft server did not become ready within " + g.readyTimeoutSeconds()
                    + "s. Start output:\n" + startOutput(ssh, g));
        }
        ctx.log("Server is ready! (" + ready.get() + "s)");
        Map<String, Object> d = data();
        d.put("success", true);
        d.put("ip", g.ssh().host());
        d.put("serverReady", true);
        d.put("serverRunning", true);
        write(ctx, g, d);
    }

    private static String startOutput(Ssh ssh, Globals g) {
        String out = ssh.run("tail -n 40 " + Shell.path(g.startLogPath()) + " 2>/dev/null || echo '(no output)'").out();
        return out.isEmpty() ? "(no output)" : out;
    }

    private void stop(MethodContext ctx, Globals g) throws InterruptedException {
        Map<String, Object> d = data();
        d.put("success", true);
        Optional<TmuxConsole> server = runningServer(ctx, g);
        if (server.isEmpty()) {
            ctx.log("The server is stopped already");
            d.put("alreadyStopped", true);
            d.put("serverRunning", false);
            write(ctx, g, d);
            return;
        }
        TmuxConsole console = server.get();
        Ssh ssh = console.ssh;
        // the server is whatever runs under the console's pane; watch those processes, not "some java"
        List<String> pids = serverProcesses(ssh, g);
        console.type(ctx, List.of("stop"));
        ctx.log("Sent 'stop'; waiting for the server process" + (pids.size() == 1 ? " " : "es ") + String.join(", ", pids)
                + " to exit (up to " + g.stopTimeoutSeconds() + "s)");
        Instant t0 = Instant.now();
        boolean timedOut = Poll.within(Duration.ofSeconds(g.stopTimeoutSeconds()), Duration.ofSeconds(2)).until(() -> {
            String alive = pids.isEmpty() ? "" : ssh.run("for p in " + String.join(" ", pids)
                    + "; do kill -0 $p 2>/dev/null && echo alive; done; true").out();
            return alive.contains("alive") && console.sessionExists() ? Optional.<Boolean>empty() : Optional.of(true);
        }).isEmpty();
        if (!timedOut) {
            ctx.log("Server exited after " + Duration.between(t0, Instant.now()).toSeconds() + "s");
        }
        if (timedOut) {
            ctx.log("The server did not exit within " + g.stopTimeoutSeconds() + "s; ending its tmux session");
        }
        // ending the session also ends start scripts that would restart the server
        ssh.run("tmux kill-session -t " + g.session() + " 2>/dev/null; true");
        d.put("alreadyStopped", false);
        d.put("serverRunning", false);
        d.put("timedOut", timedOut);
        d.put("ip", g.ssh().host());
        write(ctx, g, d);
    }

    /** Every process below the console pane (start script, tee, the server itself). */
    private static List<String> serverProcesses(Ssh ssh, Globals g) {
        String pane = ssh.run("tmux list-panes -t " + g.pane() + " -F '#{pane_pid}' 2>/dev/null | head -n 1").out();
        if (!pane.matches("\\d+")) {
            return List.of();
        }
        String all = ssh.run("todo=" + pane + "; all=''; while [ -n \"$todo\" ]; do next=''; for x in $todo; do "
                + "c=$(pgrep -P $x | tr '\\n' ' '); next=\"$next $c\"; all=\"$all $c\"; done; todo=$(echo $next); done; echo $all").out();
        List<String> pids = new ArrayList<>();
        for (String p : all.split("\\s+")) {
            if (p.matches("\\d+")) {
                pids.add(p);
            }
        }
        return pids;
    }

    private void status(MethodContext ctx, Globals g) throws InterruptedException {
        write(ctx, g, ConsoleMethods.status(ctx, console(ctx, g)));
    }

    /**
     * Reads the join rules on the VM. A stopped VM has nothing to read: the last recorded version
     * stays the one in force (a sleeping server keeps its whitelist).
     */
    private void recordAccess(MethodContext ctx, Globals g) {
        Optional<Ssh> ssh = g.ssh().whenHost(ctx, 30);
        if (ssh.isEmpty()) {
            ctx.log("Keeping the last recorded whitelist and operators");
            return;
        }
        List<String> skipped = new ArrayList<>();
        Map<String, Object> d = data();
        d.putAll(JoinRules.read(ssh.get(), g.serverDir(), g.logPath(), skipped));
        if (!skipped.isEmpty()) {
            ctx.log("Left out " + skipped.size() + " entr" + (skipped.size() == 1 ? "y" : "ies") + " that are no Minecraft name: "
                    + String.join(", ", skipped));
        }
        ctx.log("Whitelist: " + names(d.get("whitelist")) + "; operators: " + names(d.get("ops")) + "; version "
                + (d.get("version") == null ? "unknown" : d.get("version")));
        ctx.write("access", g.serverName(), d);
    }

    private static String names(Object list) {
        return list instanceof List<?> l && !l.isEmpty() ? l.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                : "(none)";
    }

    private void collect(MethodContext ctx, Globals g) throws InterruptedException {
        ctx.write("metrics", g.serverName(), ConsoleMethods.collect(ctx, console(ctx, g), g.textfileDir(), g.playersLog(), g.serverName()));
    }
}
