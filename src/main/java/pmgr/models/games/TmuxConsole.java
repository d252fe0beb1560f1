package pmgr.models.games;

import java.time.Duration;
import java.util.Optional;
import pmgr.common.Poll;
import pmgr.model.MethodContext;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.Ssh;

/** A Minecraft server's console: a tmux session on the VM; answers are read from the server's log. */
final class TmuxConsole extends GameConsole {
    private final String session;
    private final String pane;
    private final String log;

    /** {@code session} and {@code pane} as tmux targets, already quoted; {@code logPath} as written. */
    TmuxConsole(Ssh ssh, String session, String pane, String logPath) {
        super(ssh);
        this.session = session;
        this.pane = pane;
        this.log = Shell.path(logPath);
    }

    @Override
    String game() {
        return "minecraft";
    }

    @Override
    boolean up(MethodContext ctx) {
        if (hasSession()) {
            return true;
        }
        ctx.log("No tmux session - the server is not running");
        return false;
    }

    boolean hasSession() {
        return ssh.run("tmux has-session -t " + session + " 2>/dev/null && echo exists || echo missing").out().equals("exists");
    }

    @Override
    void type(String line) {
        ssh.check("tmux send-keys -t " + pane + " -l " + Shell.quote(line) + " && tmux send-keys -t " + pane + " Enter");
    }

    /** Sends 'list' and reads the answer from the log lines written after it. */
    @Override
    Optional<PlayerData> players() throws InterruptedException {
        String count = ssh.run("wc -l < " + log + " 2>/dev/null || echo 0").out();
        long lines = count.matches("\\d+") ? Long.parseLong(count) : 0;
        type("list");
        return Poll.within(ANSWER_WAIT, Duration.ofMillis(400)).until(
                () -> ConsoleOutput.minecraftList(ssh.run("tail -n +" + (lines + 1) + " " + log).stdout()));
    }
}
