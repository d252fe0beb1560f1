package pmgr.models.games;

import pmgr.models.ssh.Shell;
import pmgr.models.ssh.Ssh;

/** A Terraria (tModLoader) server's console: a tmux session inside its Docker container; answers are read from the pane. */
final class ContainerConsole extends GameConsole {
    private final String containerName;
    private final String tmux;

    ContainerConsole(Ssh ssh, String containerName) {
        super(ssh);
        this.containerName = containerName;
        this.tmux = "docker exec " + Shell.quote(containerName) + " tmux";
    }

    @Override
    String game() {
        return "terraria";
    }

    @Override
    String endWhenDown(String downLine) {
        return "[ \"$(docker inspect --format '{{.State.Running}}' " + Shell.quote(containerName) + " 2>/dev/null)\" = true ] "
                + "|| { echo " + downLine + "container; exit 0; }; "
                + tmux + " has-session 2>/dev/null || { echo " + downLine + "session; exit 0; }";
    }

    @Override
    String whyDown(String reason) {
        return reason.equals("container") ? "Container " + containerName + " is not running"
                : "No tmux session in container " + containerName;
    }

    @Override
    String typing(String line) {
        return tmuxTyping(tmux, "", line);
    }

    /**
     * Types 'playing' and waits until the pane holds one more answer than before (it still shows
     * earlier ones); the newest is read from the bottom.
     */
    @Override
    String askingPlayers() {
        String pane = tmux + " capture-pane -p -J -S -";
        return "before=$(" + pane + " | grep -c 'connected\\.'); " + typing("playing") + "; "
                + awaitAnswer(pane, "[ \"$(printf '%s\\n' \"$answer\" | grep -c 'connected\\.')\" -gt \"$before\" ]");
    }

    @Override
    String playersReader() {
        return ConsoleOutput.TERRARIA_PLAYING;
    }
}
