package pmgr.models.docker;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.NoArgs;
import pmgr.model.Nullable;
import pmgr.model.ResourceSpec;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.SshModelType;
import pmgr.models.ssh.Ssh;
import pmgr.models.ssh.SshConnection;
import pmgr.models.ssh.SshResult;

/** {@code docker/compose}: Docker Compose services on a VM, over SSH. Stopping a stopped VM's services succeeds. */
public final class DockerComposeModel extends SshModelType<DockerComposeModel.Globals> {

    public record Globals(
            @Arg(description = "How to reach the host over SSH (pmgr.lab.ssh.* fill in what is not given)") SshConnection ssh,
            @Arg(description = "Directory holding the compose file", pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String composePath,
            @Nullable @Arg(description = "One service (default: all)", pattern = Shell.NAME, patternHint = Shell.NAME_HINT) String serviceName,
            @Arg(description = "Longest time one compose command may take, seconds", defaultValue = "600", min = 1) long commandTimeoutSeconds) {
    }

    public DockerComposeModel() {
        super("docker/compose", "2026.11.28.1",
                "Docker Compose services on a VM",
                Globals.class,
                List.of(new ResourceSpec("result", "Output of the last compose command")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        List<String> result = List.of("result");
        return List.of(
                method("start", "Start the services (docker compose up -d)", NoArgs.class, result,
                        (g, a, ctx) -> compose(ctx, g, "start", "Starting services", "Services started")),
                method("stop", "Stop the services (docker compose down); done already if the VM is stopped",
                        NoArgs.class, result, (g, a, ctx) -> compose(ctx, g, "stop", "Stopping services", "Services stopped")),
                method("update", "Pull newer images and restart the services", NoArgs.class, result,
                        (g, a, ctx) -> compose(ctx, g, "update", "Updating services", "Services updated")),
                method("status", "Show the services (docker compose ps)", NoArgs.class, result,
                        (g, a, ctx) -> compose(ctx, g, "status", "Checking services", "Service status")));
    }

    private void compose(MethodContext ctx, Globals g, String method, String before, String after) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (!g.ssh().hasHost() && method.equals("stop")) {
            ctx.log("No sshHost - the VM is stopped, so its services are too");
            d.put("success", true);
            d.put("alreadyStopped", true);
        } else {
            Ssh ssh = g.ssh().connect(ctx, g.commandTimeoutSeconds()); // no host: an error saying the VM is probably stopped
            String svc = g.serviceName() == null ? "" : " " + Shell.quote(g.serviceName());
            String cd = "cd " + Shell.path(g.composePath()) + " && ";
            String command = cd + switch (method) {
                case "start" -> "docker compose up -d" + svc;
                case "stop" -> "docker compose down" + svc;
                case "update" -> "docker compose pull" + svc + " && docker compose up -d" + svc;
                default -> "docker compose ps" + svc;
            };
            ctx.log(before + " at " + g.ssh().host() + ":" + g.composePath());
            SshResult r = ssh.check(command);
            String output = r.stdout().isBlank() ? r.stderr() : r.stdout();
            ctx.log(after + (method.equals("status") ? ":\n" + output.trim() : ""));
            d.put("success", true);
            d.put("output", output.trim());
        }
        d.put("timestamp", Instant.now().toString());
        ctx.write("result", "result", d);
    }
}
