package pmgr.models.games;

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
    String endWhenDown(String downLine) {
        return "tmux has-session -t " + session + " 2>/dev/null || { echo " + downLine + "session; exit 0; }";
    }

    @Override
    String whyDown(String reason) {
        return "No tmux session - the server is not running";
    }

    @Override
    String typing(String line) {
        return tmuxTyping("tmux", " -t " + pane, line);
    }

    /** Whether the tmux session is there (nothing logged: for waiting until it has gone). */
    boolean sessionExists() {
        return ssh.run("tmux has-session -t " + session + " 2>/dev/null && echo exists || echo missing").out().equals("exists");
    }

    /** Types 'list' and waits for the answer among the log lines written after it. */
    @Override
    String askingPlayers() {
        return "n=$(wc -l < " + log + " 2>/dev/null || echo 0); " + typing("list") + "; "
                + awaitAnswer("tail -n +$((n+1)) " + log + " 2>/dev/null",
                        "case $answer in *" + Shell.quote("players online:") + "*) true;; *) false;; esac");
    }

    @Override
    String playersReader() {
        return ConsoleOutput.MINECRAFT_LIST;
    }
}
