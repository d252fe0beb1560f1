package pmgr.models.games;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import pmgr.model.MethodContext;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.Ssh;

/**
 * A game server's console on its VM, reached over SSH: typing lines into it and asking who is
 * playing. Each of those is one remote script, so one SSH connection: it checks that the console is
 * there, types, waits on the VM for the answer (bounded), reads it there, and prints what it read
 * (and may go on, e.g. to write the metrics files from it).
 * Minecraft's console is a tmux session on the VM, Terraria's a tmux session inside a Docker
 * container; what players see and what is collected is the same for both ({@link ConsoleMethods}).
 */
abstract class GameConsole {
    /** How long a console gets to answer a question such as "who is playing". */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(3);
    private static final Duration FIRST_LOOK = Duration.ofMillis(50);
    private static final String UP = "pmgr-console: up";
    private static final String DOWN = "pmgr-console: down ";

    protected final Ssh ssh;

    GameConsole(Ssh ssh) {
        this.ssh = ssh;
    }

    /** The game, as the metrics label it: minecraft, terraria. */
    abstract String game();

    /**
     * Shell that ends the script, printing {@code downLine} followed by a reason word, when the
     * console is not there to type into.
     */
    abstract String endWhenDown(String downLine);

    /** What the run's log says for a reason word printed by {@link #endWhenDown}. */
    abstract String whyDown(String reason);

    /** Shell that types one line, as literal text, then Enter. */
    abstract String typing(String line);

    /** Shell that asks who is playing and leaves the answer in {@code $answer} once it is there (see {@link #awaitAnswer}). */
    abstract String askingPlayers();

    /** The awk program that reads that answer into the structured form of {@link ConsoleOutput}. */
    abstract String playersReader();

    /**
     * Shell for one tmux call that types {@code line} as literal text and then Enter: {@code tmux} is
     * how tmux is reached, {@code target} its {@code -t} words (or empty). tmux ends a command at an
     * argument's trailing ';' unless it is written '\;', so a line ending in ';' keeps it.
     */
    static String tmuxTyping(String tmux, String target, String line) {
        String literal = line.endsWith(";") ? line.substring(0, line.length() - 1) + "\\;" : line;
        return tmux + " send-keys" + target + " -l " + Shell.quote(literal) + " \\; send-keys" + target + " Enter";
    }

    /** Types the lines when the console is there; false, with why logged, when it is not. One round trip. */
    final boolean type(MethodContext ctx, List<String> lines) {
        return whenUp(ctx, String.join(" && ", lines.stream().map(this::typing).toList())).isPresent();
    }

    /** Whether the console is there to type into; says why not in the run's log. */
    final boolean up(MethodContext ctx) {
        return whenUp(ctx, "true").isPresent();
    }

    /** Asks who is playing; not running (logged why), or running with the answer if one came in time. One round trip. */
    final Answer players(MethodContext ctx) {
        return players(ctx, "true");
    }

    /**
     * As {@link #players(MethodContext)}, then runs {@code after} on the host, in the same script:
     * it sees {@code $running} (1 or 0: also when the console is down) and {@code $parsed} (the
     * structured answer, empty when down). One round trip.
     */
    final Answer players(MethodContext ctx, String after) {
        String script = "state=$(" + endWhenDown(Shell.quote(DOWN)) + "; echo " + Shell.quote(UP) + "); "
                + "if [ \"$state\" = " + Shell.quote(UP) + " ]; then running=1; " + askingPlayers() + "; "
                + "parsed=$(" + Shell.fedWith("awk " + Shell.quote(playersReader()), "$answer", "") + "); else running=0; parsed=''; fi; "
                + "printf '%s\\n%s\\n' \"$state\" \"$parsed\"; " + after;
        String out = ssh.check(script).stdout();
        int eol = out.indexOf('\n');
        String state = (eol < 0 ? out : out.substring(0, eol)).trim();
        if (state.equals(UP)) {
            return new Answer(true, ConsoleOutput.read(eol < 0 ? "" : out.substring(eol + 1)));
        }
        ctx.log(whyDown(reasonDown(state)));
        return Answer.NOT_RUNNING;
    }

    /** What asking who is playing found. */
    record Answer(boolean running, Optional<PlayerData> players) {
        static final Answer NOT_RUNNING = new Answer(false, Optional.empty());
    }

    /**
     * Shell that runs {@code look} into {@code $answer} until {@code done} (a shell condition over
     * {@code $answer}) holds or the answer wait is over, and leaves the last look in {@code $answer}. Looks come
     * quickly, then further apart ({@link Shell#backoffGaps} from 0.05 s), so a busy VM is not kept busier by the waiting.
     */
    static String awaitAnswer(String look, String done) {
        return "answer=$(" + look + "); for gap in " + Shell.backoffGaps(FIRST_LOOK, ANSWER_WAIT) + "; do if " + done
                + "; then break; fi; sleep $gap; answer=$(" + look + "); done";
    }

    /** Runs the body after the console check; its output, or empty (with why logged) when the console is down. */
    private Optional<String> whenUp(MethodContext ctx, String body) {
        String out = ssh.check(endWhenDown(Shell.quote(DOWN)) + "; echo " + Shell.quote(UP) + "; " + body).stdout();
        int eol = out.indexOf('\n');
        String first = (eol < 0 ? out : out.substring(0, eol)).trim();
        if (first.equals(UP)) {
            return Optional.of(eol < 0 ? "" : out.substring(eol + 1));
        }
        ctx.log(whyDown(reasonDown(first)));
        return Optional.empty();
    }

    /** The reason word of the console check's down line; anything else is an error naming what came. */
    private String reasonDown(String line) {
        if (line.startsWith(DOWN.trim())) {
            return line.substring(DOWN.trim().length()).trim();
        }
        throw new Ssh.SshException("the console check on " + ssh.target().where() + " answered neither up nor down: "
                + (line.length() > 120 ? line.substring(0, 117) + "..." : line));
    }
}
