package pmgr.models.games;

import java.time.Duration;
import java.util.Optional;
import pmgr.common.Poll;
import pmgr.model.MethodContext;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.Ssh;

/** A Terraria (tModLoader) server's console: a tmux session inside its Docker container; answers are read from the pane. */
final class ContainerConsole extends GameConsole {
    /** The pane still shows earlier answers: the first look waits for the new one to be printed. */
    private static final Duration FIRST_LOOK = Duration.ofMillis(250);

    private final String containerName;
    private final String container;

    ContainerConsole(Ssh ssh, String containerName) {
        super(ssh);
        this.containerName = containerName;
        this.container = Shell.quote(containerName);
    }

    @Override
    String game() {
        return "terraria";
    }

    @Override
    boolean up(MethodContext ctx) {
        String running = ssh.run("docker inspect --format '{{.State.Running}}' " + container + " 2>/dev/null").out();
        if (!running.equals("true")) {
            ctx.log("Container " + containerName + " is not running");
            return false;
        }
        if (!ssh.run("docker exec " + container + " tmux has-session 2>/dev/null && echo exists || echo missing").out().equals("exists")) {
            ctx.log("No tmux session in container " + containerName);
            return false;
        }
        return true;
    }

    @Override
    void type(String line) {
        ssh.check("docker exec " + container + " tmux send-keys -l " + Shell.quote(line)
                + " && docker exec " + container + " tmux send-keys Enter");
    }

    /** Sends 'playing' and reads the newest answer in the pane. */
    @Override
    Optional<PlayerData> players() throws InterruptedException {
        type("playing");
        Thread.sleep(FIRST_LOOK.toMillis());
        return Poll.within(ANSWER_WAIT, FIRST_LOOK).until(
                () -> ConsoleOutput.terrariaPlaying(ssh.run("docker exec " + container + " tmux capture-pane -p").stdout()));
    }
}
