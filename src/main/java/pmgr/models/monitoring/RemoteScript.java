package pmgr.models.monitoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.Ssh;
import pmgr.models.ssh.SshResult;

/**
 * Named steps run on a host in one SSH round trip: each step is a command (its values already
 * quoted with {@link Shell}); the first that fails stops the script, and the error names that step
 * with its output. Each step's text goes to the remote shell quoted, so a description is only text.
 */
public final class RemoteScript {
    /**
     * Runs one step quietly; says {@code done: <step>} (and passes on the step's {@code note: } lines)
     * or, on stderr, {@code FAILED: <step>} with its output.
     */
    private static final String PRELUDE = "step() { out=$(eval \"$2\" 2>&1) || { rc=$?; "
            + "printf 'FAILED: %s (exit %s)\\n%s\\n' \"$1\" \"$rc\" \"$out\" >&2; exit 1; }; "
            + "printf '%s\\n' \"$out\" | grep '^note: '; printf 'done: %s\\n' \"$1\"; }\n";

    private final List<String> steps = new ArrayList<>();

    public RemoteScript step(String description, String command) {
        steps.add("step " + Shell.quote(description) + " " + Shell.quote(command));
        return this;
    }

    public String text() {
        return PRELUDE + String.join("\n", steps) + "\n";
    }

    /**
     * The steps' {@code done: } and {@code note: } lines, in order; a failed step is an error saying
     * where ({@code what} on the host) and why.
     */
    public List<String> run(Ssh ssh, Duration timeout, String what) {
        SshResult r = ssh.run(text(), timeout);
        List<String> done = r.stdout().lines().filter(l -> l.startsWith("done: ") || l.startsWith("note: ")).toList();
        if (!r.ok()) {
            String err = r.stderr().isBlank() ? r.stdout() : r.stderr();
            int failed = err.indexOf("FAILED: ");
            String reason = (failed >= 0 ? err.substring(failed + 8) : "exit " + r.exitCode() + ": " + err).trim();
            throw new IllegalStateException(what + " on " + ssh.target().host() + " failed at: "
                    + reason.substring(0, Math.min(reason.length(), 1500)));
        }
        return done;
    }
}
