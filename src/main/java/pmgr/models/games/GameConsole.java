package pmgr.models.games;

import java.time.Duration;
import java.util.Optional;
import pmgr.model.MethodContext;
import pmgr.models.ssh.Ssh;

/**
 * A game server's console on its VM, reached over SSH: whether it is there, typing a line into it,
 * and asking who is playing. Minecraft's lives in a tmux session on the VM, Terraria's in a tmux
 * session inside a Docker container; what players see and what is collected is the same for both
 * ({@link ConsoleMethods}).
 */
abstract class GameConsole {
    /** How long a console gets to answer a question such as "who is playing". */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(3);

    protected final Ssh ssh;

    GameConsole(Ssh ssh) {
        this.ssh = ssh;
    }

    /** The game, as the metrics label it: minecraft, terraria. */
    abstract String game();

    /** Whether the server's console is there to type into; says why not in the run's log. */
    abstract boolean up(MethodContext ctx);

    /** Types one line, as literal text, then Enter. */
    abstract void type(String line);

    /** Asks who is playing and waits (bounded) for the answer; empty when none came. */
    abstract Optional<PlayerData> players() throws InterruptedException;
}
