package pmgr.sandbox.games;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake game VM reachable over real SSH on a loopback address. Commands run as {@code bash -c}
 * with the host root as HOME and working directory, under a tmux server of the host's own
 * ({@code TMUX_TMPDIR=<root>/.tmux}), with a {@code docker} and a {@code pgrep} stand-in first on
 * the PATH. Game servers are bash consoles that answer the commands the manager types into them.
 *
 * <pre>{@code
 * try (GameHost host = GameHost.builder().name("allthemons").address("127.0.0.2")
 *         .root(dir).authorizedKey(clientKey.getPublic()).build().start()) {
 *     host.installMinecraft(MinecraftServerSetup.of("mons").withPlayers(List.of("alice")));
 *     // ssh root@127.0.0.2 -p host.port() "tmux new-session -d -s mons -c ~/mons 'bash ./startserver.sh'"
 * }
 * }</pre>
 *
 * <p>Paths a real VM has at fixed absolute places are mirrored under the root and exported to
 * commands: {@value HostLayout#TEXTFILE_DIR_VARIABLE} (for /var/lib/node_exporter/textfile_collector)
 * and {@value HostLayout#PLAYERS_LOG_VARIABLE} (for /var/log/game-players.log).
 */
public final class GameHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GameHost.class);
    private static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final String address;
    private final int requestedPort;
    private final HostLayout layout;
    private final List<PublicKey> authorizedKeys;
    private final Path hostKeyFile;
    private final Path authorizedKeysFile;
    private HostSshServer ssh;
    private String terrariaContainer;
    private boolean closed;

    private GameHost(Builder b, Path root) {
        this.name = b.name;
        this.address = b.address;
        this.requestedPort = b.port;
        this.layout = new HostLayout(b.name, b.address, root);
        this.authorizedKeys = List.copyOf(b.authorizedKeys);
        this.hostKeyFile = b.hostKeyFile != null ? b.hostKeyFile : root.resolve("etc/ssh/ssh_host_ed25519_key");
        this.authorizedKeysFile = b.authorizedKeysFile;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Creates the host's file system (if new) and starts listening for SSH. */
    public synchronized GameHost start() throws IOException {
        if (closed) {
            throw new IllegalStateException("host " + name + " is closed");
        }
        if (ssh != null) {
            return this;
        }
        layout.create();
        HostSshServer server = new HostSshServer(layout, address, requestedPort, authorizedKeys, authorizedKeysFile, hostKeyFile);
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        ssh = server;
        LOG.info("Sandbox game host {} listening on {}:{} (root {})", name, address, port(), layout.root());
        return this;
    }

    public String name() {
        return name;
    }

    public String address() {
        return address;
    }

    /** The bound port; only known once started. */
    public synchronized int port() {
        return running().boundPort();
    }

    public Path root() {
        return layout.root();
    }

    /** Where the host keeps what a real VM has in /var/lib/node_exporter/textfile_collector. */
    public Path textfileDir() {
        return layout.textfileDir();
    }

    /** Every command line this host was asked to run over SSH, oldest first (also across power cycles). */
    public List<String> commandLines() throws IOException {
        Path log = layout.commandLog();
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** Where the host keeps what a real VM has in /var/log/game-players.log. */
    public Path playersLog() {
        return layout.playersLog();
    }

    /** SSH connections this host has accepted since it started. */
    public synchronized long sshConnections() {
        return running().connections();
    }

    /** The key exchange of the last SSH connection, as negotiated; null before the first. */
    public synchronized String lastKeyExchange() {
        return running().lastKeyExchange();
    }

    public synchronized PublicKey hostPublicKey() {
        return running().hostPublicKey();
    }

    /** {@code [address]:port algo base64}, as OpenSSH records this host in known_hosts. */
    public synchronized String knownHostsLine() {
        return HostSshServer.knownHostsLine(address, port(), hostPublicKey());
    }

    /** Installs a fake Minecraft server under {@code <root>/<setup.dir()>}; it is not started. */
    public synchronized void installMinecraft(MinecraftServerSetup setup) throws IOException {
        layout.create();
        MinecraftInstaller.install(layout, setup);
    }

    /** Changes who the {@code list} command reports, also while the server runs. */
    public synchronized void setMinecraftPlayers(String dir, List<String> players) throws IOException {
        MinecraftInstaller.setPlayers(layout, dir, players);
    }

    /** Installs a compose project with a fake tModLoader container; start it with {@code docker compose up -d}. */
    public synchronized void installTerraria(TerrariaSetup setup) throws IOException {
        layout.create();
        TerrariaInstaller.install(layout, setup);
        terrariaContainer = setup.containerName();
    }

    /** Changes who the tModLoader {@code playing} command reports, also while it runs. */
    public synchronized void setTerrariaPlayers(List<String> players) throws IOException {
        if (terrariaContainer == null) {
            throw new IllegalStateException("no Terraria server installed on " + name);
        }
        TerrariaInstaller.setPlayers(layout, terrariaContainer, players);
    }

    /** Runs a command as the host would over SSH (same environment, cwd = root), waiting up to 60 s. */
    public CommandResult runCommand(String shellCommand) throws IOException {
        return runCommand(shellCommand, DEFAULT_COMMAND_TIMEOUT);
    }

    public CommandResult runCommand(String shellCommand, Duration timeout) throws IOException {
        return LocalCommandRunner.run(layout, shellCommand, timeout);
    }

    /** Stops SSH, then the host's tmux servers (its own and every container's) and any process it started. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ssh != null) {
            try {
                ssh.close();
            } catch (IOException e) {
                LOG.warn("Sandbox game host {}: SSH server did not stop cleanly: {}", name, e.toString());
            }
        }
        HostProcesses.stopAll(layout);
        LOG.info("Sandbox game host {} stopped", name);
    }

    private HostSshServer running() {
        if (ssh == null) {
            throw new IllegalStateException("host " + name + " is not started");
        }
        return ssh;
    }

    /** Settings for a {@link GameHost}; {@code root} and at least one authorized key are required. */
    public static final class Builder {
        private String name = "game-host";
        private String address = "127.0.0.1";
        private int port;
        private Path root;
        private final List<PublicKey> authorizedKeys = new ArrayList<>();
        private Path hostKeyFile;
        private Path authorizedKeysFile;

        private Builder() {
        }

        /** VM name, used in logs and exported as PMGR_SANDBOX_HOST. */
        public Builder name(String value) {
            this.name = Objects.requireNonNull(value, "name");
            return this;
        }

        /** Loopback address to bind; any 127.0.0.0/8 address works on Linux. */
        public Builder address(String value) {
            this.address = Objects.requireNonNull(value, "address");
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port out of range: " + value);
            }
            this.port = value;
            return this;
        }

        /** The host's file system root and HOME; created if missing. Keep it short (tmux socket paths). */
        public Builder root(Path value) {
            this.root = Objects.requireNonNull(value, "root");
            return this;
        }

        /** A client key allowed to log in; may be called more than once. */
        public Builder authorizedKey(PublicKey value) {
            authorizedKeys.add(Objects.requireNonNull(value, "authorizedKey"));
            return this;
        }

        /** Persisted host key, generated if absent; defaults to {@code <root>/etc/ssh/ssh_host_ed25519_key}. */
        public Builder hostKeyFile(Path value) {
            this.hostKeyFile = Objects.requireNonNull(value, "hostKeyFile");
            return this;
        }

        /**
         * An OpenSSH authorized_keys file read at each login, as sshd reads root's (an installed
         * system's own keys); keys given with {@link #authorizedKey} are allowed too.
         */
        public Builder authorizedKeysFile(Path value) {
            this.authorizedKeysFile = Objects.requireNonNull(value, "authorizedKeysFile");
            return this;
        }

        public GameHost build() throws IOException {
            if (root == null) {
                throw new IllegalStateException("root is required");
            }
            if (authorizedKeys.isEmpty() && authorizedKeysFile == null) {
                throw new IllegalStateException("at least one authorizedKey (or an authorizedKeysFile) is required");
            }
            Files.createDirectories(root);
            // The real path, so HOME, `pwd` and the paths the consoles print all agree.
            return new GameHost(this, root.toRealPath());
        }
    }
}
