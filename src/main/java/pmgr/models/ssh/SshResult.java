package pmgr.models.ssh;

/** What a remote command gave back. */
public record SshResult(int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    public String out() {
        return stdout.trim();
    }
}
