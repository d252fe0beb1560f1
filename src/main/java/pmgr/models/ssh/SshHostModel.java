package pmgr.models.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.ResourceSpec;

/** {@code ssh/host}: ad-hoc work on a host over SSH - run a command, upload a file, wait until it answers. */
public final class SshHostModel extends SshModelType<SshHostModel.Globals> {

    public record Globals(
            @Arg(description = "How to reach the host over SSH (pmgr.lab.ssh.* fill in what is not given)") SshConnection ssh) {
    }

    public record ExecArgs(
            @Arg(description = "Shell command to run on the host (written by the operator, not from chat)") String command,
            @Arg(description = "Longest run time in seconds; the command is stopped after it", defaultValue = "60", min = 1, max = 86400) long timeout) {
    }

    public record UploadArgs(
            @Arg(description = "Local file to upload") String source,
            @Arg(description = "Remote path", pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String dest) {
    }

    public record WaitArgs(
            @Arg(description = "Longest wait in seconds", defaultValue = "60", min = 1, max = 3600) long timeout) {
    }

    public SshHostModel() {
        super("ssh/host", "2026.11.28.1",
                "A host reached over SSH: run a command, upload a file, wait for it to answer",
                Globals.class,
                List.of(new ResourceSpec("result", "What the last operation did")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(
                method("exec", "Run a shell command on the host (bounded by its timeout)", ExecArgs.class,
                        List.of("result"), (g, a, ctx) -> exec(ctx, g, a)),
                method("upload", "Upload a local file to the host (SCP)", UploadArgs.class, List.of("result"),
                        (g, a, ctx) -> upload(ctx, g, a)),
                method("waitForConnection", "Wait until the host accepts SSH (bounded)", WaitArgs.class,
                        List.of("result"), (g, a, ctx) -> waitFor(ctx, g, a)));
    }

    private static Ssh ssh(MethodContext ctx, Globals g, long commandTimeout) {
        return g.ssh().connect(ctx, commandTimeout);
    }

    private static Map<String, Object> data(String host) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("host", host);
        d.put("timestamp", Instant.now().toString());
        return d;
    }

    private void exec(MethodContext ctx, Globals g, ExecArgs a) {
        Ssh ssh = ssh(ctx, g, a.timeout());
        String shown = a.command().length() > 120 ? a.command().substring(0, 120) + "..." : a.command();
        ctx.log("Running command on " + ssh.target().where() + ": " + shown);
        SshResult r = ssh.check(a.command());
        ctx.log("Command completed (stdout: " + r.stdout().length() + " bytes, stderr: " + r.stderr().length() + " bytes)");
        Map<String, Object> d = data(ssh.target().host());
        d.put("command", a.command());
        d.put("exitCode", r.exitCode());
        d.put("stdout", r.stdout());
        d.put("stderr", r.stderr());
        ctx.write("result", "result", d);
    }

    private void upload(MethodContext ctx, Globals g, UploadArgs a) {
        Path source = Path.of(a.source());
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("argument 'source': no such local file " + source);
        }
        Ssh ssh = ssh(ctx, g, 600);
        ctx.log("Uploading " + source + " to " + ssh.target().where() + ":" + a.dest());
        ssh.upload(source, a.dest());
        ctx.log("Upload complete");
        Map<String, Object> d = data(ssh.target().host());
        d.put("source", a.source());
        d.put("dest", a.dest());
        d.put("success", true);
        ctx.write("result", "result", d);
    }

    private void waitFor(MethodContext ctx, Globals g, WaitArgs a) throws InterruptedException {
        Ssh ssh = ssh(ctx, g, 10);
        ctx.log("Waiting for SSH on " + ssh.target().where() + " (up to " + a.timeout() + "s)");
        ssh.waitForConnection(Duration.ofSeconds(a.timeout()), Duration.ofSeconds(2));
        ctx.log("SSH connection established");
        Map<String, Object> d = data(ssh.target().host());
        d.put("connected", true);
        ctx.write("result", "result", d);
    }
}
