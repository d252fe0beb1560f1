package pmgr.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.sandbox.games.GameHost;
import pmgr.sandbox.games.MinecraftServerSetup;
import pmgr.sandbox.games.TerrariaSetup;
import pmgr.sandbox.proxmox.VmSnapshot;

/**
 * The sandbox VMs' insides: one SSH host per VM on its loopback address (the address its guest agent
 * reports), up while the VM runs and down while it is stopped. The game VMs carry their servers:
 * Minecraft on allthemons (~/mons) and infinity (~/game), tModLoader in Docker on calamity (~/game).
 */
final class GameHosts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GameHosts.class);

    /** VM name -> loopback address, as the sandbox's guest agents report them. */
    static final Map<String, String> ADDRESSES = Map.of("allthemons", "127.0.0.2", "infinity", "127.0.0.3",
            "calamity", "127.0.0.4", "slate", "127.0.0.5", "gold-image", "127.0.0.6", "tftp-server", "127.0.0.7");

    /** The TFTP/HTTP server the PXE-booted VMs load the overlay from; its web root under its home. */
    static final String TFTP_SERVER = "tftp-server";
    static final String TFTP_HTTP_DIR = "srv/http/alpine";

    /**
     * Addresses for VMs created through the API (127.0.1.1-127.0.1.200): their guest agent reports
     * one, and what they boot (by their boot order) answers SSH there.
     */
    static final String POOL_PREFIX = "127.0.1.";
    static final int POOL_SIZE = 200;

    /** Where the wake-on-join listeners of allthemons and infinity listen (pmgr.lab.wake.listen.*). */
    static final Map<String, String> WAKE_ADDRESSES = Map.of("allthemons", "127.0.0.10", "infinity", "127.0.0.11");

    /** The monitoring hub: always up (it is no Proxmox VM of this lab), with Prometheus' targets folder. */
    static final String HUB = "hancock";
    static final String HUB_ADDRESS = "127.0.0.8";
    /** Where the hub keeps Prometheus' file_sd targets, under its home (as pmgr.lab.monitoring.targetsDir says). */
    static final String HUB_TARGETS_DIR = "opt/monitoring/prometheus/targets";
    /** The stream proxy: always up (no Proxmox VM of this lab either); its nginx listens on its address. */
    static final String PROXY = "treehouse";
    static final String PROXY_ADDRESS = "127.0.0.9";
    /** Where a host's tailscale stand-in finds the sandbox tailnet's control server (a URL). */
    static final String TAILSCALE_CONTROL_FILE = ".sandbox/tailscale-control";

    private final Path dir;
    private final Path shortBase;
    private final KeyPair clientKey;
    private final Path clientKeyFile;
    private final int port;
    private final Duration bootDelay;
    private final Map<String, GameHost> running = new ConcurrentHashMap<>();
    private volatile String tailscaleControl;
    /** VM name -> pool address, given when the VM is created (a re-created name gets its address back). */
    private final Map<String, String> poolAddresses = new ConcurrentHashMap<>();
    /** How long after a PXE boot the VM's disks show (the gap the installer waits for). */
    private volatile Duration diskDelay = Duration.ofSeconds(5);
    private final java.util.concurrent.ScheduledExecutorService diskAttach = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pmgr-sandbox-disks");
        t.setDaemon(true);
        return t;
    });
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
        // Ed25519, as a new OpenSSH key is: its signatures cost a tenth of ECDSA's, and every SSH
        // connection the sandbox serves signs and verifies twice on this machine's cores
        this.clientKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        this.clientKeyFile = dir.resolve("id_ed25519");
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
        all.add(PROXY_ADDRESS);
        for (int i = 1; i <= POOL_SIZE; i++) {
            all.add(POOL_PREFIX + i);
        }
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
        writeTailscaleControl(host);
        if (fresh) {
            switch (vm) {
                case "allthemons" -> host.installMinecraft(MinecraftServerSetup.of("mons").withBootDelay(bootDelay)
                        .withStopDelay(Duration.ofSeconds(1)).withPlayers(List.of("alice", "bob"))
                        .withWhitelist(List.of("alice", "bob", "carol")));
                case "infinity" -> host.installMinecraft(MinecraftServerSetup.of("game").withStartScript("start.sh")
                        .withBootDelay(bootDelay).withStopDelay(Duration.ofSeconds(1)).withOps(List.of("alice")));
                case "calamity" -> host.installTerraria(TerrariaSetup.of("game", "tmodloader").withPlayers(List.of("Guide", "Nurse")));
                case TFTP_SERVER -> Files.createDirectories(host.root().resolve(TFTP_HTTP_DIR));
                case "gold-image" -> DisklessAlpine.seedGoldImage(host.root(), clientKey.getPublic());
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

    /** The sandbox tailnet's control server, for the hosts' tailscale stand-ins (also those started later). */
    void tailscaleControl(String url) throws IOException {
        tailscaleControl = url;
        for (GameHost host : running.values()) {
            writeTailscaleControl(host);
        }
    }

    private void writeTailscaleControl(GameHost host) throws IOException {
        if (tailscaleControl != null) {
            Path file = host.root().resolve(TAILSCALE_CONTROL_FILE);
            Files.createDirectories(file.getParent());
            Files.writeString(file, tailscaleControl + "\n");
        }
    }

    /** Starts the stream proxy's SSH host (treehouse: a plain host whose docker stand-in runs the real nginx). */
    synchronized GameHost startProxy() throws IOException {
        GameHost proxy = running.get(PROXY);
        if (proxy == null) {
            proxy = GameHost.builder().name(PROXY).address(PROXY_ADDRESS).port(port).root(root(PROXY))
                    .authorizedKey(clientKey.getPublic()).hostKeyFile(dir.resolve("host-keys").resolve(PROXY)).build().start();
            writeTailscaleControl(proxy);
            running.put(PROXY, proxy);
        }
        return proxy;
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

    void diskAppearsAfter(Duration delay) {
        this.diskDelay = delay;
    }

    /** The guest IP of a VM created through the API (SandboxProxmox's guestIpFor): the next free pool address. */
    synchronized String poolAddress(String vm) {
        String known = poolAddresses.get(vm);
        if (known != null) {
            return known;
        }
        for (int i = 1; i <= POOL_SIZE; i++) {
            String candidate = POOL_PREFIX + i;
            if (!poolAddresses.containsValue(candidate)) {
                poolAddresses.put(vm, candidate);
                return candidate;
            }
        }
        throw new IllegalStateException("the sandbox's " + POOL_SIZE + " addresses for new VMs are all taken");
    }

    /** Where a VM's disks are: one folder per disk (scsi0, ...), kept per VM (vmid and generation id). */
    Path disksDir(VmSnapshot vm) {
        String generation = vm.config().getOrDefault("vmgenid", "0").replace("-", "");
        return shortBase.resolve(".disks").resolve(vm.vmid() + "-" + generation.substring(0, Math.min(8, generation.length())));
    }

    /**
     * A VM with a pool address powered on (SandboxProxmox's GuestBoot): it boots by its boot order.
     * Decided here at once (the agent's answer depends on it); the host starts on the power thread.
     */
    Optional<Boolean> boot(VmSnapshot vm) {
        String address = poolAddresses.get(vm.name());
        if (address == null) {
            return Optional.empty();
        }
        GuestBootPlan plan = GuestBootPlan.of(vm, disksDir(vm));
        power.execute(() -> {
            try {
                bootGuest(vm.name(), address, plan);
            } catch (Exception e) {
                LOG.warn("sandbox VM {}: could not boot {}: {}", vm.name(), plan.kind(), e.toString());
            }
        });
        return Optional.of(plan.agentRuns());
    }

    private synchronized void bootGuest(String vm, String address, GuestBootPlan plan) throws IOException {
        stop(vm);
        for (Path disk : plan.disks().values()) {
            Files.createDirectories(disk);
        }
        switch (plan.kind()) {
            case NONE -> LOG.info("Sandbox VM {}: nothing bootable in its boot order (no OS)", vm);
            case PXE -> {
                Path ram = DisklessAlpine.freshRoot(root(vm));
                GameHost host = GameHost.builder().name(vm).address(address).port(port).root(ram)
                        .authorizedKey(clientKey.getPublic()).hostKeyFile(dir.resolve("host-keys").resolve(vm)).build().start();
                DisklessAlpine.boot(host.root(), clientKey.getPublic());
                running.put(vm, host);
                // the PXE kernel sees the disks a while after the agent reports its IP
                plan.disks().forEach((device, disk) -> diskAttach.schedule(() -> {
                    if (running.get(vm) == host) {
                        DisklessAlpine.attach(host.root(), device, disk);
                    }
                }, diskDelay.toMillis(), TimeUnit.MILLISECONDS));
            }
            case DISK -> {
                Path root = plan.root();
                GameHost host = GameHost.builder().name(vm).address(address).port(port).root(root)
                        .authorizedKeysFile(root.resolve("root/.ssh/authorized_keys"))
                        .hostKeyFile(dir.resolve("host-keys").resolve(vm)).build().start();
                running.put(vm, host);
                LOG.info("Sandbox VM {}: booted the system installed on its disk ({})", vm, root);
            }
        }
    }

    /** Every host's record of the command lines it ran: the VMs' homes, their RAM and their disks. */
    List<Path> commandLogs() throws IOException {
        try (var files = Files.walk(shortBase, 6)) {
            return files.filter(f -> f.endsWith(Path.of(".sandbox", "commands.log"))).toList();
        }
    }

    @Override
    public synchronized void close() {
        diskAttach.shutdownNow();
        power.shutdownNow();
        running.keySet().forEach(vm -> running.get(vm).close());
        running.clear();
    }
}
