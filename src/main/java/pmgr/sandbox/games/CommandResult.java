package pmgr.sandbox.games;

/** What a command run on a sandbox host returned: exit status and the full stdout/stderr text. */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
