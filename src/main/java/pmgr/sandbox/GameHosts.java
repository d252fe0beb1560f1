package pmgr.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.sandbox.games.GameHost;
import pmgr.sandbox.games.MinecraftServerSetup;
import pmgr.sandbox.games.TerrariaSetup;

/**
 * The sandbox VMs' insides: one SSH host per VM on its loopback address (the address its guest agent
 * reports), up while the VM runs and down while it is stopped. The game VMs carry their servers:
 * Minecraft on allthemons (~/mons) and infinity (~/game), tModLoader in Docker on calamity (~/game).
 */
final class GameHosts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GameHosts.class);

    /** VM name -> loopback address, as the sandbox's guest agents report them. */
    static final Map<String, String> ADDRESSES = Map.of("allthemons", "127.0.0.2", "infinity", "127.0.0.3",
            "calamity", "127.0.0.4", "slate", "127.0.0.5", "gold-image", "127.0.0.6");

    /** Where the wake-on-join listeners of allthemons and infinity listen (pmgr.lab.wake.listen.*). */
    static final Map<String, String> WAKE_ADDRESSES = Map.of("allthemons", "127.0.0.10", "infinity", "127.0.0.11");

    /** The monitoring hub: always up (it is no Proxmox VM of this lab), with Prometheus' targets folder. */
    static final String HUB = "hancock";
    static final String HUB_ADDRESS = "127.0.0.8";
    /** Where the hub keeps Prometheus' file_sd targets, under its home (as pmgr.lab.monitoring.targetsDir says). */
    static final String HUB_TARGETS_DIR = "opt/monitoring/prometheus/targets";

    private final Path dir;
    private final Path shortBase;
    private final KeyPair clientKey;
    private final Path clientKeyFile;
    private final int port;
    private final Duration bootDelay;
    private final Map<String, GameHost> running = new ConcurrentHashMap<>();
    /** Power changes arrive on the Proxmox sandbox's event loop; hosts start and stop here instead. */
    private final ExecutorService power = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pmgr-sandbox-power");
        t.setDaemon(true);
        return t;
    });

    GameHosts(Path dir, Duration bootDelay) throws Exception {
        this.dir = dir;
        this.bootDelay = bootDelay;
        Files.createDirectories(dir);
        this.shortBase = shortBase(dir);
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        this.clientKey = gen.generateKeyPair();
        this.clientKeyFile = dir.resolve("id_ecdsa");
        Files.deleteIfExists(clientKeyFile);
        Files.createFile(clientKeyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(clientKeyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "pmgr-sandbox", null, out);
        }
        this.port = commonFreePort();
    }

    /** One port free on every VM address, so all VMs answer on the same port like real ones on 22. */
    private static int commonFreePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
                candidate = s.getLocalPort();
            }
            boolean free = true;
            for (String address : addresses()) {
                try (ServerSocket s = new ServerSocket(candidate, 1, InetAddress.getByName(address))) {
                    s.getLocalPort();
                } catch (IOException taken) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return candidate;
            }
        }
        throw new IOException("no port is free on all sandbox VM addresses");
    }

    private static List<String> addresses() {
        List<String> all = new java.util.ArrayList<>(ADDRESSES.values());
        all.add(HUB_ADDRESS);
        return all;
    }

    int port() {
        return port;
    }

    Path clientKeyFile() {
        return clientKeyFile;
    }

    GameHost host(String vm) {
        return running.get(vm);
    }

    /**
     * The VM's files live on across power cycles; its processes do not. tmux socket paths are short
     * (108 bytes), so a deep data directory gets the VMs' folders under the system temp directory.
     */
    Path root(String vm) {
        return shortBase.resolve(vm);
    }

    /** The deepest socket is a container's: {@code <base>/<vm>/.containers/<name>/tmux/tmux-<uid>/default}. */
    private static final int MAX_BASE_LENGTH = 40;

    private static Path shortBase(Path dir) throws IOException {
        if (dir.toString().length() <= MAX_BASE_LENGTH) {
            return dir;
        }
        return Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "pmgr-vms");
    }

    void powerChanged(String vm, boolean on) {
        power.execute(() -> {
            try {
                if (on) {
                    start(vm);
                } else {
                    stop(vm);
                }
            } catch (Exception e) {
                LOG.warn("sandbox VM {}: could not switch its SSH host {}: {}", vm, on ? "on" : "off", e.toString());
            }
        });
    }

    synchronized void start(String vm) throws IOException {
        if (!ADDRESSES.containsKey(vm) || running.containsKey(vm)) {
            return;
        }
        boolean fresh = !Files.exists(root(vm));
        GameHost host = GameHost.builder().name(vm).address(ADDRESSES.get(vm)).port(port).root(root(vm))
                .authorizedKey(clientKey.getPublic()).hostKeyFile(dir.resolve("host-keys").resolve(vm)).build().start();
        Files.createDirectories(host.root().resolve("tmp"));
        if (fresh) {
            switch (vm) {
                case "allthemons" -> host.installMinecraft(MinecraftServerSetup.of("mons").withBootDelay(bootDelay)
                        .withStopDelay(Duration.ofSeconds(1)).withPlayers(List.of("alice", "bob"))
                        .withWhitelist(List.of("alice", "bob", "carol")));
                case "infinity" -> host.installMinecraft(MinecraftServerSetup.of("game").withStartScript("start.sh")
                        .withBootDelay(bootDelay).withStopDelay(Duration.ofSeconds(1)).withOps(List.of("alice")));
                case "calamity" -> host.installTerraria(TerrariaSetup.of("game", "tmodloader").withPlayers(List.of("Guide", "Nurse")));
                default -> {
                    // a plain VM: SSH only
                }
            }
        }
        running.put(vm, host);
    }

    /** Starts the monitoring hub's SSH host (a plain host with the targets folder Prometheus reads). */
    synchronized GameHost startHub() throws IOException {
        GameHost hub = running.get(HUB);
        if (hub == null) {
            hub = GameHost.builder().name(HUB).address(HUB_ADDRESS).port(port).root(root(HUB))
                    .authorizedKey(clientKey.getPublic()).hostKeyFile(dir.resolve("host-keys").resolve(HUB)).build().start();
            Files.createDirectories(hub.root().resolve(HUB_TARGETS_DIR));
            running.put(HUB, hub);
        }
        return hub;
    }

    synchronized void stop(String vm) {
        GameHost host = running.remove(vm);
        if (host != null) {
            host.close();
        }
    }

    /** Waits until pending power changes have been applied (tests and the demo's start use it). */
    void settle() throws InterruptedException {
        var done = new java.util.concurrent.CompletableFuture<Void>();
        power.execute(() -> done.complete(null));
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("sandbox power changes did not settle within 30s", e);
        }
    }

    @Override
    public synchronized void close() {
        power.shutdownNow();
        running.keySet().forEach(vm -> running.get(vm).close());
        running.clear();
    }
}
