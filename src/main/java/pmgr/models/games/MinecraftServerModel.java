package pmgr.models.games;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pmgr.common.Poll;
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
 * {@code minecraft/server}: a Minecraft server in a tmux session on a VM. Commands are typed into the
 * console with tmux (as literal text, one line); answers are read from its log. A stopped VM (no IP)
 * is "not running": status and metrics say so and succeed, and stopping is already done.
 */
public final class MinecraftServerModel extends AbstractModelType {
    /** How long the console gets to answer a command such as 'list'. */
    private static final Duration CONSOLE_ANSWER_WAIT = Duration.ofSeconds(3);

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
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String playersLog) {

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
                        new ResourceSpec("metrics", "Player metrics of the last collection")));
    }

    @Override
    public List<String> startupWarnings(String instance, Map<String, Object> globals) {
        return SshConnection.warnings(instance, globals);
    }

    @Override
    public List<ModelMethod<?>> methods() {
        List<String> server = List.of("server");
        return List.of(
                ModelMethod.of("warnShutdown", "Tell players the server shuts down, then give them time", NoArgs.class, server,
                        (a, ctx) -> warnShutdown(ctx)),
                ModelMethod.of("startMinecraftServer", "Start the server in tmux and wait until it is ready", NoArgs.class, server,
                        (a, ctx) -> start(ctx)),
                ModelMethod.of("stopMinecraftServer", "Stop the server gracefully ('stop', wait for the process, end the session)",
                        NoArgs.class, server, (a, ctx) -> stop(ctx)),
                ModelMethod.of("status", "Read who is online", NoArgs.class, server, (a, ctx) -> status(ctx)),
                ModelMethod.of("say", "Broadcast a message in the game", SayArgs.class, server,
                        (a, ctx) -> console(ctx, "say " + a.message(), "Broadcasting: " + a.message())),
                ModelMethod.of("op", "Make a player operator", PlayerArgs.class, server,
                        (a, ctx) -> console(ctx, "op " + a.playerName(), "Granting op to: " + a.playerName())),
                ModelMethod.of("deop", "Remove a player's operator status", PlayerArgs.class, server,
                        (a, ctx) -> console(ctx, "deop " + a.playerName(), "Revoking op from: " + a.playerName())),
                ModelMethod.of("collectMetrics", "Count players and write the metrics files on the VM", NoArgs.class,
                        List.of("metrics"), (a, ctx) -> collect(ctx)));
    }

    private static Globals g(MethodContext ctx) {
        return ctx.globals(Globals.class);
    }

    /** The connection to a running server's VM; empty, with the reason logged, when the server is not running. */
    private static Optional<Ssh> runningServer(MethodContext ctx, Globals g) {
        Optional<Ssh> ssh = g.ssh().reach(ctx, 60);
        if (ssh.isPresent() && !hasSession(ssh.get(), g)) {
            ctx.log("No tmux session - the server is not running");
            return Optional.empty();
        }
        return ssh;
    }

    private static Object skipped(MethodContext ctx, Map<String, Object> d) {
        d.put("success", true);
        d.put("skipped", true);
        return write(ctx, d);
    }

    private static Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("timestamp", Instant.now().toString());
        return d;
    }

    private static Object write(MethodContext ctx, Map<String, Object> d) {
        ctx.write("server", g(ctx).serverName(), d);
        return null;
    }

    private static boolean hasSession(Ssh ssh, Globals g) {
        return ssh.run("tmux has-session -t " + g.session() + " 2>/dev/null && echo exists || echo missing").out().equals("exists");
    }

    /** Types one line into the console: literal text, then Enter. */
    private static void type(Ssh ssh, Globals g, String line) {
        ssh.check("tmux send-keys -t " + g.pane() + " -l " + Shell.quote(line) + " && tmux send-keys -t " + g.pane() + " Enter");
    }

    /**
     * say/op/deop: skipped (and successful) when the VM is stopped or the server not started. A VM
     * that has an address but does not answer SSH is an error: the command was not delivered.
     */
    private Object console(MethodContext ctx, String line, String logText) {
        Globals g = g(ctx);
        Map<String, Object> d = data();
        if (!g.ssh().hasHost()) {
            ctx.log("No sshHost - the VM is stopped; skipping");
            return skipped(ctx, d);
        }
        Ssh ssh = g.ssh().connect(ctx, 60);
        if (!hasSession(ssh, g)) {
            ctx.log("No tmux session - server not running; skipping");
            return skipped(ctx, d);
        }
        ctx.log(logText);
        type(ssh, g, line);
        d.put("success", true);
        d.put("skipped", false);
        return write(ctx, d);
    }

    private Object warnShutdown(MethodContext ctx) throws InterruptedException {
        Globals g = g(ctx);
        Map<String, Object> d = data();
        Optional<Ssh> server = runningServer(ctx, g);
        if (server.isEmpty()) {
            ctx.log("Skipping the warning");
            return skipped(ctx, d);
        }
        Ssh ssh = server.get();
        String warning = "say == SERVER SHUTTING DOWN IN " + g.warnDelaySeconds() + " SECONDS ==";
        for (int i = 0; i < 3; i++) {
            type(ssh, g, warning);
        }
        ctx.log("Warned players; waiting " + g.warnDelaySeconds() + "s");
        ctx.sleep(Duration.ofSeconds(g.warnDelaySeconds()));
        d.put("success", true);
        d.put("skipped", false);
        return write(ctx, d);
    }

    private Object start(MethodContext ctx) throws InterruptedException {
        Globals g = g(ctx);
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
        return write(ctx, d);
    }

    private static String startOutput(Ssh ssh, Globals g) {
        String out = ssh.run("tail -n 40 " + Shell.path(g.startLogPath()) + " 2>/dev/null || echo '(no output)'").out();
        return out.isEmpty() ? "(no output)" : out;
    }

    private Object stop(MethodContext ctx) throws InterruptedException {
        Globals g = g(ctx);
        Map<String, Object> d = data();
        d.put("success", true);
        Optional<Ssh> server = runningServer(ctx, g);
        if (server.isEmpty()) {
            ctx.log("The server is stopped already");
            d.put("alreadyStopped", true);
            return write(ctx, d);
        }
        Ssh ssh = server.get();
        // the server is whatever runs under the console's pane; watch those processes, not "some java"
        List<String> pids = serverProcesses(ssh, g);
        type(ssh, g, "stop");
        ctx.log("Sent 'stop'; waiting for the server process" + (pids.size() == 1 ? " " : "es ") + String.join(", ", pids)
                + " to exit (up to " + g.stopTimeoutSeconds() + "s)");
        Instant t0 = Instant.now();
        boolean timedOut = Poll.within(Duration.ofSeconds(g.stopTimeoutSeconds()), Duration.ofSeconds(2)).until(() -> {
            String alive = pids.isEmpty() ? "" : ssh.run("for p in " + String.join(" ", pids)
                    + "; do kill -0 $p 2>/dev/null && echo alive; done; true").out();
            return alive.contains("alive") && hasSession(ssh, g) ? Optional.<Boolean>empty() : Optional.of(true);
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
        d.put("timedOut", timedOut);
        d.put("ip", g.ssh().host());
        return write(ctx, d);
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

    /** Sends 'list' and reads the answer from the log lines written after it. */
    private static Optional<PlayerData> queryPlayers(MethodContext ctx, Ssh ssh, Globals g) throws InterruptedException {
        String log = Shell.path(g.logPath());
        String count = ssh.run("wc -l < " + log + " 2>/dev/null || echo 0").out();
        long lines = count.matches("\\d+") ? Long.parseLong(count) : 0;
        type(ssh, g, "list");
        // the answer appears within moments: look until it is there (bounded) rather than sleeping a fixed time
        return Poll.within(CONSOLE_ANSWER_WAIT, Duration.ofMillis(400)).until(
                () -> ConsoleOutput.minecraftList(ssh.run("tail -n +" + (lines + 1) + " " + log).stdout()));
    }

    private Object status(MethodContext ctx) throws InterruptedException {
        Globals g = g(ctx);
        Map<String, Object> d = data();
        Optional<Ssh> server = runningServer(ctx, g);
        if (server.isEmpty()) {
            d.put("serverRunning", false);
            return write(ctx, d);
        }
        Optional<PlayerData> p = queryPlayers(ctx, server.get(), g);
        d.put("serverRunning", true);
        if (p.isPresent()) {
            ctx.log(p.get().online() + "/" + p.get().max() + " players online: "
                    + (p.get().players().isEmpty() ? "(none)" : String.join(", ", p.get().players())));
            d.put("online", p.get().online());
            d.put("max", p.get().max());
            d.put("players", p.get().players());
        } else {
            ctx.log("Could not read the player list from the log");
            d.put("online", null);
            d.put("max", null);
            d.put("players", List.of());
        }
        return write(ctx, d);
    }

    private Object collect(MethodContext ctx) throws InterruptedException {
        Globals g = g(ctx);
        PlayerData p;
        Optional<Ssh> reached = g.ssh().reach(ctx, 60);
        if (reached.isEmpty()) {
            p = PlayerData.notRunning();
        } else if (!hasSession(reached.get(), g)) {
            ctx.log("No tmux session - server not running");
            p = PlayerData.notRunning();
            Metrics.write(reached.get(), g.textfileDir(), g.playersLog(), "minecraft", g.serverName(), p);
        } else {
            Ssh ssh = reached.get();
            PlayerData q = queryPlayers(ctx, ssh, g).orElse(new PlayerData(true, 0, null, List.of()));
            p = new PlayerData(true, q.online(), q.max(), q.players());
            ctx.log(p.online() + "/" + (p.max() == null ? "?" : p.max()) + " players: "
                    + (p.players().isEmpty() ? "(none)" : String.join(", ", p.players())));
            Metrics.write(ssh, g.textfileDir(), g.playersLog(), "minecraft", g.serverName(), p);
        }
        Map<String, Object> d = data();
        d.put("serverRunning", p.serverRunning());
        d.put("online", p.online());
        d.put("max", p.max());
        d.put("players", p.players());
        ctx.write("metrics", g.serverName(), d);
        return null;
    }
}
