package pmgr.models.games;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.ResourceSpec;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.SshModelType;
import pmgr.models.ssh.Ssh;
import pmgr.models.ssh.SshConnection;

/**
 * {@code minecraft/installer}: installs a server pack on an Alpine VM - dependencies, the pack upload
 * (SCP), extraction (finding the modloader and start script), and configuration (memory, EULA). Each
 * step writes a resource named after the VM, which the next step and the start read by CEL.
 */
public final class MinecraftInstallerModel extends SshModelType<MinecraftInstallerModel.Globals> {
    static final String PACKAGES = "openjdk21-jre tmux bash curl unzip";
    private static final Pattern MEMORY = Pattern.compile("\\d{1,4}[MG]");

    public record Globals(
            @Arg(description = "How to reach the host over SSH (pmgr.lab.ssh.* fill in what is not given)") SshConnection ssh) {
    }

    public record VmArgs(@Arg(description = "VM the server goes on (names the resources)", pattern = Shell.NAME,
            patternHint = Shell.NAME_HINT) String vmName) {
    }

    public record UploadArgs(
            @Arg(description = "VM the server goes on", pattern = Shell.NAME, patternHint = Shell.NAME_HINT) String vmName,
            @Arg(description = "Local path of the server pack zip") String localPath) {
    }

    public record ExtractArgs(
            @Arg(description = "VM the server goes on", pattern = Shell.NAME, patternHint = Shell.NAME_HINT) String vmName,
            @Arg(description = "The uploaded pack on the VM", pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String remotePath,
            @Arg(description = "Server directory", defaultValue = "~/game", pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String serverDir) {
    }

    public record ConfigureArgs(
            @Arg(description = "VM the server goes on", pattern = Shell.NAME, patternHint = Shell.NAME_HINT) String vmName,
            @Arg(description = "Server directory", pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String serverDir,
            @Arg(description = "JVM memory, e.g. 10G", defaultValue = "10G", pattern = "\\d{1,4}[MG]",
                    patternHint = "a size like 4096M or 10G") String jvmMemory) {
    }

    public MinecraftInstallerModel() {
        super("minecraft/installer", "2026.11.28.1",
                "Installs a Minecraft server pack on a VM",
                Globals.class,
                List.of(new ResourceSpec("deps", "Installed packages and Java version"),
                        new ResourceSpec("upload", "Where the pack was uploaded"),
                        new ResourceSpec("server", "The extracted server: modloader, start script, directories"),
                        new ResourceSpec("config", "Memory and EULA settings")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(
                method("installDeps", "Install Java, tmux, bash, curl and unzip", VmArgs.class, List.of("deps"),
                        (g, a, ctx) -> installDeps(ctx, g, a)),
                method("upload", "Upload the server pack zip (SCP)", UploadArgs.class, List.of("upload"),
                        (g, a, ctx) -> upload(ctx, g, a)),
                method("extract", "Unpack the server pack and find its modloader and start script", ExtractArgs.class,
                        List.of("server"), (g, a, ctx) -> extract(ctx, g, a)),
                method("configure", "Set JVM memory, accept the EULA, make scripts executable", ConfigureArgs.class,
                        List.of("config"), (g, a, ctx) -> configure(ctx, g, a)));
    }

    private static Ssh ssh(MethodContext ctx, Globals g, long commandTimeout) {
        return g.ssh().connect(ctx, commandTimeout);
    }

    private void installDeps(MethodContext ctx, Globals g, VmArgs a) throws InterruptedException {
        Ssh ssh = ssh(ctx, g, 900);
        ctx.log("Waiting for SSH on " + ssh.target().host());
        ssh.waitForConnection(Duration.ofSeconds(60), Duration.ofSeconds(2));
        ctx.log("Installing " + PACKAGES);
        ssh.check("apk add " + PACKAGES);
        String java = ssh.run("java -version 2>&1 | head -n 1").out();
        ctx.log("Java: " + java);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("packages", PACKAGES);
        d.put("javaVersion", java);
        d.put("timestamp", Instant.now().toString());
        ctx.write("deps", a.vmName(), d);
    }

    private void upload(MethodContext ctx, Globals g, UploadArgs a) {
        Path pack = Path.of(a.localPath());
        if (!Files.isRegularFile(pack)) {
            throw new IllegalArgumentException("argument 'localPath': no such file " + pack);
        }
        Ssh ssh = ssh(ctx, g, 60);
        String remote = "~/server-pack.zip";
        ctx.log("Uploading " + pack + " to " + ssh.target().where() + ":" + remote);
        ssh.upload(pack, remote);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("localPath", a.localPath());
        d.put("remotePath", remote);
        d.put("timestamp", Instant.now().toString());
        ctx.write("upload", a.vmName(), d);
    }

    private void extract(MethodContext ctx, Globals g, ExtractArgs a) {
        Ssh ssh = ssh(ctx, g, 600);
        String dir = Shell.path(a.serverDir());
        ctx.log("Extracting " + a.remotePath() + " into " + a.serverDir());
        ssh.check("mkdir -p " + dir + " && cd " + dir + " && unzip -o -q " + Shell.path(a.remotePath()));
        String variables = ssh.run("cat " + Shell.path(a.serverDir() + "/variables.txt") + " 2>/dev/null || true").stdout();
        String script = ssh.run("cd " + dir + " && ls -1 startserver.sh start.sh run.sh ServerStart.sh Start.sh 2>/dev/null | head -n 1").out();
        if (script.isEmpty()) {
            script = ssh.run("cd " + dir + " && ls -1 *.sh 2>/dev/null | head -n 1").out();
        }
        if (script.isEmpty() || !script.matches("[A-Za-z0-9_.-]+")) {
            script = "startserver.sh";
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("modloader", first(variables, "MODLOADER=(\\S+)"));
        d.put("mcVersion", first(variables, "MINECRAFT_VERSION=(\\S+)"));
        d.put("modloaderVersion", first(variables, "MODLOADER_VERSION=(\\S+)"));
        d.put("startScript", "./" + script);
        d.put("serverDir", a.serverDir());
        d.put("logPath", a.serverDir() + "/logs/latest.log");
        d.put("timestamp", Instant.now().toString());
        ctx.log("Found start script ./" + script + (d.get("modloader") == null ? "" : ", modloader " + d.get("modloader")));
        ctx.write("server", a.vmName(), d);
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private void configure(MethodContext ctx, Globals g, ConfigureArgs a) {
        if (!MEMORY.matcher(a.jvmMemory()).matches()) {
            throw new IllegalArgumentException("argument 'jvmMemory' must be a size like 4096M or 10G");
        }
        Ssh ssh = ssh(ctx, g, 60);
        String dir = Shell.path(a.serverDir());
        if (ssh.run("test -f " + Shell.path(a.serverDir() + "/variables.txt") + " && echo yes || echo no").out().equals("yes")) {
            ctx.log("Setting JVM memory to " + a.jvmMemory() + " and turning off prompts and restarts in variables.txt");
            String mem = a.jvmMemory();
            ssh.check("cd " + dir + " && sed -i 's/^JAVA_ARGS=.*/JAVA_ARGS=\"-Xmx" + mem + " -Xms" + mem + "\"/' variables.txt"
                    + " && sed -i 's/^SKIP_JAVA_CHECK=.*/SKIP_JAVA_CHECK=true/' variables.txt"
                    + " && sed -i 's/^WAIT_FOR_USER_INPUT=.*/WAIT_FOR_USER_INPUT=false/' variables.txt"
                    + " && sed -i 's/^RESTART=.*/RESTART=false/' variables.txt");
        }
        ctx.log("Accepting the EULA");
        ssh.check("echo 'eula=true' > " + Shell.path(a.serverDir() + "/eula.txt") + " && (chmod +x " + dir
                + "/*.sh 2>/dev/null; true) && mkdir -p " + Shell.path(a.serverDir() + "/logs"));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("jvmMemory", a.jvmMemory());
        d.put("eulaAccepted", true);
        d.put("timestamp", Instant.now().toString());
        ctx.write("config", a.vmName(), d);
    }
}
