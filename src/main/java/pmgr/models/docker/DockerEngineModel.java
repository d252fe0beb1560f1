package pmgr.models.docker;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.NoArgs;
import pmgr.model.Nullable;
import pmgr.model.ResourceSpec;
import pmgr.models.monitoring.RemoteScript;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.SshModelType;
import pmgr.models.ssh.Ssh;
import pmgr.models.ssh.SshConnection;
import pmgr.models.ssh.SshResult;

/**
 * {@code docker/engine}: the Docker engine of an Alpine VM, over SSH - install it, build an image,
 * run, stop, inspect and exec into a container. A container's command line is made of checked parts
 * (ports, volumes, restart policy, the command as a list), each quoted on its own; its environment
 * goes to the host as an owner-only env file over SCP, never on a command line, and is removed once
 * the container is made.
 */
public final class DockerEngineModel extends SshModelType<DockerEngineModel.Globals> {
    /** What inspect prints: fixed text of this class. */
    static final String INSPECT_FORMAT = "{{.State.Running}} {{.Id}} {{.Config.Image}}";
    private static final SecureRandom RANDOM = new SecureRandom();

    public record Globals(
            @Arg(description = "How to reach the host over SSH (pmgr.lab.ssh.* fill in what is not given)") SshConnection ssh,
            @Arg(description = "Longest time one docker command may take, seconds (a build may download)", defaultValue = "900",
                    min = 10, max = 7200) long commandTimeoutSeconds) {
    }

    public record BuildArgs(
            @Arg(description = "Tag of the image", pattern = RunParts.IMAGE, patternHint = RunParts.IMAGE_HINT) String imageTag,
            @Arg(description = "Build context on the host", pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String contextPath,
            @Nullable @Arg(description = "Dockerfile on the host (default: the context's Dockerfile)",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String dockerfile) {
    }

    public record RunArgs(
            @Arg(description = "Container name", pattern = Shell.NAME, patternHint = Shell.NAME_HINT) String containerName,
            @Arg(description = "Image to run", pattern = RunParts.IMAGE, patternHint = RunParts.IMAGE_HINT) String imageTag,
            @Nullable @Arg(description = "Published ports, each [ip:]hostPort[:containerPort][/tcp|udp]") List<String> ports,
            @Nullable @Arg(description = "Volumes, each hostPath:containerPath[:ro|:rw]") List<String> volumes,
            @Nullable @Arg(description = "Environment (sent as an owner-only env file, never on a command line)") Map<String, Object> env,
            @Nullable @Arg(description = "An env file already on the host", pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String envFile,
            @Nullable @Arg(description = "Restart policy", pattern = RunParts.RESTART, patternHint = RunParts.RESTART_HINT) String restart,
            @Nullable @Arg(description = "Command after the image, one item per word (never re-read by a shell)") List<String> command) {
        public RunArgs {
            // checked here, so a bad part stops the call before anything connects
            ports = RunParts.ports(ports);
            RunParts.volumeWords(volumes);
            if (env != null) {
                RunParts.envFile(env);
            }
            RunParts.commandWords(command);
        }
    }

    public record ContainerArgs(
            @Arg(description = "Container name", pattern = Shell.NAME, patternHint = Shell.NAME_HINT) String containerName) {
    }

    public record ExecArgs(
            @Arg(description = "Container name", pattern = Shell.NAME, patternHint = Shell.NAME_HINT) String containerName,
            @Arg(description = "Command to run in it, one item per word") List<String> command,
            @Nullable @Arg(description = "Working directory in the container", pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String workdir) {
        public ExecArgs {
            if (command == null || command.isEmpty()) {
                throw new IllegalArgumentException("argument 'command' must name a program to run in the container");
            }
            RunParts.commandWords(command);
        }
    }

    public DockerEngineModel() {
        super("docker/engine", "2026.12.03.1",
                "The Docker engine of a VM: install, build, run, stop, inspect, exec",
                Globals.class,
                List.of(new ResourceSpec("result", "What install or exec did"),
                        new ResourceSpec("image", "An image built on the host"),
                        new ResourceSpec("container", "A container: running or not, its id and image")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(
                method("install", "Install Docker, enable it at boot and start it (what is done already is left alone)",
                        NoArgs.class, List.of("result"), (g, a, ctx) -> install(ctx, g)),
                method("build", "Build an image on the host", BuildArgs.class, List.of("image"), (g, a, ctx) -> build(ctx, g, a)),
                method("run", "Replace the container with a new one of the image", RunArgs.class, List.of("container"),
                        (g, a, ctx) -> run(ctx, g, a)),
                method("stop", "Stop and remove the container (gone already is fine)", ContainerArgs.class, List.of("container"),
                        (g, a, ctx) -> stop(ctx, g, a.containerName())),
                method("inspect", "Whether the container runs, its id and image", ContainerArgs.class, List.of("container"),
                        (g, a, ctx) -> inspect(ctx, g, a.containerName())),
                method("exec", "Run a command in the container", ExecArgs.class, List.of("result"), (g, a, ctx) -> exec(ctx, g, a)));
    }

    private static Ssh connect(MethodContext ctx, Globals g) {
        return g.ssh().connect(ctx, g.commandTimeoutSeconds()); // no host: an error saying the VM is probably stopped
    }

    private static Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("timestamp", Instant.now().toString());
        return d;
    }

    private void install(MethodContext ctx, Globals g) {
        Ssh ssh = connect(ctx, g);
        ctx.log("Installing Docker on " + g.ssh().host());
        RemoteScript script = new RemoteScript()
                .step("install docker", "apk info -e docker >/dev/null 2>&1 || { apk add docker >/dev/null && echo 'note: installed docker'; }")
                .step("enable docker at boot", "rc-update show default | grep -qw docker || { rc-update add docker default >/dev/null"
                        + " && echo 'note: enabled docker at boot'; }")
                .step("start docker", "service docker status >/dev/null 2>&1 || { service docker start >/dev/null && echo 'note: started docker'; }")
                .step("docker answers", "docker version >/dev/null");
        List<String> lines = script.run(ssh, Duration.ofSeconds(g.commandTimeoutSeconds()), "installing Docker");
        List<String> changes = lines.stream().filter(l -> l.startsWith("note: ")).map(l -> l.substring(6)).toList();
        ctx.log(changes.isEmpty() ? "Docker was installed, enabled and running already: nothing changed" : "Docker: " + String.join(", ", changes));
        Map<String, Object> d = data();
        d.put("success", true);
        d.put("changed", !changes.isEmpty());
        d.put("changes", changes);
        ctx.write("result", "result", d);
    }

    private void build(MethodContext ctx, Globals g, BuildArgs a) {
        Ssh ssh = connect(ctx, g);
        ctx.log("Building image '" + a.imageTag() + "' on " + g.ssh().host() + " (context " + a.contextPath() + ")");
        String file = a.dockerfile() == null ? "" : " -f " + Shell.path(a.dockerfile());
        SshResult r = ssh.check("docker build -q -t " + Shell.quote(a.imageTag()) + file + " " + Shell.path(a.contextPath()));
        String id = r.out().lines().reduce((first, last) -> last).orElse("").trim();
        ctx.log("Image '" + a.imageTag() + "' built (" + shortId(id) + ")");
        Map<String, Object> d = data();
        d.put("imageTag", a.imageTag());
        d.put("context", a.contextPath());
        d.put("dockerfile", a.dockerfile());
        d.put("imageId", id);
        ctx.write("image", a.imageTag(), d);
    }

    private void run(MethodContext ctx, Globals g, RunArgs a) {
        Ssh ssh = connect(ctx, g);
        List<String> words = new ArrayList<>(List.of("docker", "run", "-d", "--name", Shell.quote(a.containerName())));
        if (a.restart() != null) {
            words.addAll(List.of("--restart", Shell.quote(a.restart())));
        }
        a.ports().forEach(p -> words.addAll(List.of("-p", Shell.quote(p))));
        RunParts.volumeWords(a.volumes()).forEach(v -> words.addAll(List.of("-v", v)));
        if (a.envFile() != null) {
            words.addAll(List.of("--env-file", Shell.path(a.envFile())));
        }
        String sentEnv = null;
        if (a.env() != null && !a.env().isEmpty()) {
            // a name of its own per run: two runs never share one, and it is removed right after docker read it
            sentEnv = "~/.pmgr-" + a.containerName() + "-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE) + ".env";
            ssh.uploadSecret(RunParts.envFile(a.env()).getBytes(StandardCharsets.UTF_8), sentEnv);
            words.addAll(List.of("--env-file", Shell.path(sentEnv)));
        }
        words.add(Shell.quote(a.imageTag()));
        words.addAll(RunParts.commandWords(a.command()));
        String runLine = String.join(" ", words);
        ctx.log("Replacing container '" + a.containerName() + "' with one of image '" + a.imageTag() + "'");
        String command = removeQuietly(a.containerName()) + "; " + runLine + "; rc=$?"
                + (sentEnv == null ? "" : "; rm -f " + Shell.path(sentEnv)) + "; exit $rc";
        SshResult r = ssh.check(command);
        String id = r.out().lines().reduce((first, last) -> last).orElse("").trim();
        ctx.log("Container '" + a.containerName() + "' running (" + shortId(id) + ")");
        Map<String, Object> d = data();
        d.put("containerName", a.containerName());
        d.put("imageTag", a.imageTag());
        d.put("running", true);
        d.put("containerId", id);
        d.put("restart", a.restart());
        d.put("ports", a.ports());
        d.put("volumes", a.volumes() == null ? List.of() : a.volumes());
        d.put("envNames", a.env() == null ? List.of() : List.copyOf(a.env().keySet())); // names only, never values
        d.put("command", a.command() == null ? List.of() : a.command());
        ctx.write("container", a.containerName(), d);
    }

    private static String removeQuietly(String name) {
        return "docker rm -f " + Shell.quote(name) + " >/dev/null 2>&1";
    }

    private void stop(MethodContext ctx, Globals g, String name) {
        Ssh ssh = connect(ctx, g);
        ctx.log("Stopping and removing container '" + name + "' if it exists");
        ssh.check("docker stop " + Shell.quote(name) + " >/dev/null 2>&1; " + removeQuietly(name) + "; true");
        Map<String, Object> d = data();
        d.put("containerName", name);
        d.put("imageTag", "");
        d.put("running", false);
        ctx.write("container", name, d);
    }

    private void inspect(MethodContext ctx, Globals g, String name) {
        Ssh ssh = connect(ctx, g);
        SshResult r = ssh.run("docker inspect --format " + Shell.quote(INSPECT_FORMAT) + " " + Shell.quote(name));
        Map<String, Object> d = data();
        d.put("containerName", name);
        if (!r.ok()) {
            ctx.log("Container '" + name + "' not found");
            d.put("imageTag", "");
            d.put("running", false);
        } else {
            String[] parts = r.out().trim().split(" ");
            d.put("running", parts[0].equals("true"));
            d.put("containerId", parts.length > 1 ? parts[1] : "");
            d.put("imageTag", parts.length > 2 ? parts[2] : "");
            ctx.log("Container '" + name + "': running=" + d.get("running") + ", id=" + shortId((String) d.get("containerId"))
                    + ", image=" + d.get("imageTag"));
        }
        ctx.write("container", name, d);
    }

    private void exec(MethodContext ctx, Globals g, ExecArgs a) {
        Ssh ssh = connect(ctx, g);
        String workdir = a.workdir() == null ? "" : " -w " + Shell.quote(a.workdir()); // a path in the container: no ~ of the host
        ctx.log("Running " + a.command().get(0) + " in container '" + a.containerName() + "'");
        SshResult r = ssh.check("docker exec" + workdir + " " + Shell.quote(a.containerName()) + " "
                + String.join(" ", RunParts.commandWords(a.command())));
        Map<String, Object> d = data();
        d.put("success", true);
        d.put("containerName", a.containerName());
        d.put("exitCode", r.exitCode());
        d.put("stdout", r.stdout());
        ctx.write("result", "result", d);
    }

    private static String shortId(String id) {
        String bare = id == null ? "" : id.replace("sha256:", "");
        return bare.substring(0, Math.min(12, bare.length()));
    }
}
