package pmgr.sandbox.games;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a sandbox host keeps things under its root, and the environment its commands see.
 * Paths a real VM has at fixed absolute places (metrics textfiles, the players log) are mirrored
 * under the root and announced through environment variables, so nothing touches the real machine.
 */
final class HostLayout {
    /** Marks every process a host starts; {@link HostProcesses} and the pgrep stand-in key on it. */
    static final String MARKER_VARIABLE = "PMGR_SANDBOX_ROOT";
    static final String TEXTFILE_DIR_VARIABLE = "PMGR_TEXTFILE_DIR";
    static final String PLAYERS_LOG_VARIABLE = "PMGR_PLAYERS_LOG";
    /** The host's own address, where its services (the node exporter) listen. */
    static final String ADDRESS_VARIABLE = "PMGR_SANDBOX_ADDRESS";
    /** A fresh Alpine's package sources: community (node exporter, promtail) is commented out. */
    private static final String APK_REPOSITORIES = """
            http://dl-cdn.alpinelinux.org/alpine/v3.21/main
            #http://dl-cdn.alpinelinux.org/alpine/v3.21/community
            """;

    /** Stand-ins for the programs installing Alpine to disk and packaging its overlay use. */
    private static final String[] ALPINE_TOOLS = {"setup-alpine", "lbu", "modprobe", "mdev", "mount", "umount", "chroot",
        "chpasswd", "hostname"};

    /** Unix socket paths are limited to 108 bytes; tmux puts "tmux-<uid>/default" under TMUX_TMPDIR. */
    private static final int MAX_SOCKET_PATH = 107;
    private static final String SETSID = "/usr/bin/setsid";

    private final String hostName;
    private final String address;
    private final Path root;

    HostLayout(String hostName, String address, Path root) {
        this.hostName = hostName;
        this.address = address;
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path binDir() {
        return root.resolve("bin");
    }

    Path tmuxDir() {
        return root.resolve(".tmux");
    }

    /** Scripts shared by the host's programs, e.g. the consoles the docker stand-in starts. */
    Path libDir() {
        return root.resolve(".sandbox");
    }

    Path containersDir() {
        return root.resolve(".containers");
    }

    Path containerDir(String containerName) {
        return containersDir().resolve(containerName);
    }

    Path containerTmuxDir(String containerName) {
        return containerDir(containerName).resolve("tmux");
    }

    /** Stands in for /var/lib/node_exporter/textfile_collector. */
    /** Every command line the host was asked to run over SSH, one per line (what a secrets check scans). */
    Path commandLog() {
        return root.resolve(".sandbox/commands.log");
    }

    Path textfileDir() {
        return root.resolve("var/lib/node_exporter/textfile_collector");
    }

    /** Stands in for /var/log/game-players.log. */
    Path playersLog() {
        return root.resolve("var/log/game-players.log");
    }

    /** Creates the directories and the stand-in programs a freshly booted host has. */
    void create() throws IOException {
        Files.createDirectories(binDir());
        Files.createDirectories(libDir());
        Files.createDirectories(containersDir());
        Files.createDirectories(textfileDir());
        Files.createDirectories(playersLog().getParent());
        Files.createDirectories(tmuxDir());
        requireShortSocketPath(tmuxDir());
        SandboxResources.installExecutable("docker", binDir().resolve("docker"));
        SandboxResources.installExecutable("pgrep", binDir().resolve("pgrep"));
        SandboxResources.installExecutable("apk", binDir().resolve("apk"));
        SandboxResources.installExecutable("service", binDir().resolve("service"));
        SandboxResources.installExecutable("rc-update", binDir().resolve("rc-update"));
        SandboxResources.installExecutable("tailscale", binDir().resolve("tailscale"));
        // Alpine's installer, overlay and disk tools (they shadow this machine's own: never run those on it)
        for (String tool : ALPINE_TOOLS) {
            SandboxResources.installExecutable(tool, binDir().resolve(tool));
        }
        SandboxResources.installExecutable("alpine-lib.sh", libDir().resolve("alpine-lib.sh"));
        Path repositories = root.resolve("etc/apk/repositories");
        if (!Files.exists(repositories)) {
            SandboxResources.writeAtomically(repositories, APK_REPOSITORIES);
        }
        SandboxResources.installExecutable("fake-tmodloader.sh", libDir().resolve("fake-tmodloader.sh"));
        SandboxResources.installExecutable("nginx-container.sh", libDir().resolve("nginx-container.sh"));
    }

    static void requireShortSocketPath(Path tmuxTmpDir) {
        int length = tmuxTmpDir.toString().length() + "/tmux-4294967295/default".length();
        if (length > MAX_SOCKET_PATH) {
            throw new IllegalArgumentException("host root too deep for a tmux socket (" + length
                    + " > " + MAX_SOCKET_PATH + " chars): " + tmuxTmpDir + "; use a shorter root");
        }
    }

    /**
     * A {@code bash -c} process as the host runs commands: in its own session (like sshd gives
     * each login, which keeps the pgrep stand-in from matching the JVM), cwd and HOME at the root.
     */
    ProcessBuilder shell(String command) {
        ProcessBuilder builder = Files.isExecutable(Path.of(SETSID))
                ? new ProcessBuilder(SETSID, "/bin/bash", "-c", command)
                : new ProcessBuilder("/bin/bash", "-c", command);
        builder.directory(root.toFile());
        applyEnvironment(builder.environment());
        return builder;
    }

    /** A tmux client on the given socket dir, for housekeeping from Java. */
    ProcessBuilder tmux(Path tmuxTmpDir, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "tmux";
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        applyEnvironment(builder.environment());
        builder.environment().put("TMUX_TMPDIR", tmuxTmpDir.toString());
        return builder;
    }

    void applyEnvironment(Map<String, String> env) {
        // A caller running inside tmux (or a terminal) must not leak its session into the host.
        env.remove("TMUX");
        env.remove("TMUX_PANE");
        env.remove("TERM");
        env.remove("OLDPWD");
        env.put("HOME", root.toString());
        env.put("PWD", root.toString());
        env.put("SHELL", "/bin/bash");
        env.put("LANG", "C.UTF-8");
        env.put("PATH", binDir() + File.pathSeparator + env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("TMUX_TMPDIR", tmuxDir().toString());
        env.put(MARKER_VARIABLE, root.toString());
        env.put("PMGR_SANDBOX_HOST", hostName);
        env.put(ADDRESS_VARIABLE, address);
        env.put("PMGR_SANDBOX_LIB", libDir().toString());
        env.put("PMGR_CONTAINERS_DIR", containersDir().toString());
        env.put(TEXTFILE_DIR_VARIABLE, textfileDir().toString());
        env.put(PLAYERS_LOG_VARIABLE, playersLog().toString());
    }
}
