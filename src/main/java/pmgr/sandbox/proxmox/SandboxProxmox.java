package pmgr.sandbox.proxmox;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An in-process fake Proxmox VE node (or cluster) speaking the real HTTPS API closely enough
 * that a client tested against it behaves the same against a real node: envelope, reason
 * phrases, auth and CSRF rules, async tasks, guest-agent readiness, and fault injection.
 *
 * <pre>{@code
 * try (SandboxProxmox pve = SandboxProxmox.builder().node("pve").user("root@pam", "pw").build().start()) {
 *     pve.addVm(VmSpec.builder(105, "mc-atm9").running(true).build());
 *     client.get(pve.baseUrl() + "/api2/json/nodes/pve/qemu");
 * }
 * }</pre>
 */
public final class SandboxProxmox implements AutoCloseable {
    private final String host;
    private final int requestedPort;
    private final Duration unauthorizedDelay;
    private final boolean legacyErrors;
    private final Clock clock;
    private final SelfSignedCertificate certificate;
    private final ClusterState cluster;
    private final Faults faults;
    private final Router router = new Router();
    private final Authenticator authenticator;
    private Vertx vertx;
    private ApiServer server;
    private int port = -1;
    private boolean closed;

    private SandboxProxmox(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.unauthorizedDelay = b.unauthorizedDelay;
        this.legacyErrors = b.legacyErrors;
        this.clock = b.clock;
        List<String> nodes = b.nodes.isEmpty() ? List.of("pve") : List.copyOf(b.nodes);
        this.certificate = SelfSignedCertificate.generate(nodes.get(0));
        Tickets tickets = new Tickets(clock);
        this.faults = new Faults(tickets::expireAll);
        TaskTable tasks = new TaskTable(System::nanoTime, clock, this::settleAfter);
        this.cluster = new ClusterState(new ClusterState.Settings(nodes, b.taskDuration, b.guestIpFor,
                b.agentBootTime, b.powerListener, !b.sortedLists, b.seed), tasks, faults, System::nanoTime);
        this.cluster.guestBoot(b.guestBoot);
        this.authenticator = new Authenticator(tickets, b.tokens);
        new AccessApi(tickets, b.passwords, cluster).register(router);
        new ClusterApi(cluster, b.resourcesLag).register(router);
        new NodeApi(cluster, certificate.sha256Fingerprint()).register(router);
        new QemuApi(cluster).register(router);
        new PowerApi(cluster).register(router);
        new ConfigApi(cluster).register(router);
        new TaskApi(cluster).register(router);
        new AgentApi(cluster).register(router);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the HTTPS listener; returns this for chaining. A closed sandbox cannot be restarted. */
    public synchronized SandboxProxmox start() {
        if (closed) {
            throw new IllegalStateException("sandbox PVE is closed");
        }
        if (server != null) {
            return this;
        }
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        server = new ApiServer(vertx, router, authenticator, cluster, unauthorizedDelay, legacyErrors, clock);
        try {
            port = server.listen(host, requestedPort, certificate);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("sandbox PVE could not listen on " + host + ":" + requestedPort, e);
        }
        return this;
    }

    /** "https://127.0.0.1:PORT"; clients append "/api2/json/...". */
    public String baseUrl() {
        String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return "https://" + shown + ":" + port();
    }

    public int port() {
        if (port < 0) {
            throw new IllegalStateException("sandbox PVE is not started");
        }
        return port;
    }

    public List<String> nodes() {
        return cluster.nodes();
    }

    public String certificatePem() {
        return certificate.certificatePem();
    }

    /** SHA-256 of the DER certificate, "AB:CD:..." upper-case, as PVE shows it. */
    public String certificateSha256() {
        return certificate.sha256Fingerprint();
    }

    public VmSnapshot addVm(VmSpec spec) {
        synchronized (cluster) {
            return cluster.seed(spec).snapshot(cluster.now());
        }
    }

    public Optional<VmSnapshot> vm(int vmid) {
        synchronized (cluster) {
            cluster.settle();
            return cluster.vm(vmid).map(vm -> vm.snapshot(cluster.now()));
        }
    }

    public List<VmSnapshot> vms() {
        synchronized (cluster) {
            cluster.settle();
            return new ArrayList<>(cluster.snapshots().values());
        }
    }

    /** Flips power as if someone used the web UI: immediate, applies pending changes. */
    public void setPower(int vmid, boolean running) {
        synchronized (cluster) {
            cluster.settle();
            VmState vm = cluster.vm(vmid).orElseThrow(() -> new IllegalArgumentException("no VM " + vmid));
            if (running) {
                cluster.powerOn(vm);
            } else {
                cluster.powerOff(vm);
            }
        }
    }

    /** Replaces what the guest agent reports (e.g. eth0 finally got its DHCP lease). */
    public void setInterfaces(int vmid, List<Nic> interfaces) {
        synchronized (cluster) {
            VmState vm = cluster.vm(vmid).orElseThrow(() -> new IllegalArgumentException("no VM " + vmid));
            vm.interfaces = interfaces == null ? null : List.copyOf(interfaces);
        }
    }

    public Faults faults() {
        return faults;
    }

    public List<Request> journal() {
        return server == null ? List.of() : server.journal();
    }

    public void clearJournal() {
        if (server != null) {
            server.clearJournal();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (vertx == null) {
            return;
        }
        try {
            server.close();
        } catch (Exception e) {
            // closing anyway
        } finally {
            try {
                // wait, so the port is free and no event-loop thread outlives the sandbox
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // best effort
            }
            vertx = null;
        }
    }

    /** Finishes due tasks in real time too, so power listeners fire without anyone polling. */
    private void settleAfter(Duration delay) {
        Vertx v = vertx;
        if (v == null) {
            return;
        }
        long ms = Math.max(1, delay.toMillis() + 1);
        v.setTimer(ms, id -> {
            synchronized (cluster) {
                cluster.settle();
            }
        });
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private final List<String> nodes = new ArrayList<>();
        private final Map<String, String> passwords = new LinkedHashMap<>();
        private final Map<String, String> tokens = new LinkedHashMap<>();
        private Duration taskDuration = Duration.ofMillis(300);
        private Duration unauthorizedDelay = Duration.ZERO;
        private Duration resourcesLag = Duration.ZERO;
        private boolean legacyErrors;
        private Clock clock = Clock.systemUTC();
        private Function<String, String> guestIpFor;
        private BiConsumer<String, Boolean> powerListener;
        private GuestBoot guestBoot;
        private Duration agentBootTime = Duration.ZERO;
        private boolean sortedLists;
        private long seed = 0x5EED;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0 = any free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The first call names the node this server is; further calls add cluster members. */
        public Builder node(String node) {
            if (!node.matches("[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?")) {
                throw new IllegalArgumentException("not a PVE node name: " + node);
            }
            nodes.add(node);
            return this;
        }

        /** A password login, e.g. ("root@pam", "secret"). */
        public Builder user(String userAtRealm, String password) {
            if (!userAtRealm.contains("@")) {
                throw new IllegalArgumentException("user needs a realm, e.g. root@pam: " + userAtRealm);
            }
            passwords.put(userAtRealm, password);
            return this;
        }

        /** An API token, e.g. ("root@pam!homelab", "0b7f6e3a-..."). */
        public Builder token(String tokenId, String secret) {
            if (!tokenId.matches("[^\\s:/!]+@[^\\s:/!]+![A-Za-z][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException("token id must look like user@realm!name: " + tokenId);
            }
            tokens.put(tokenId, secret);
            return this;
        }

        /** How long async tasks stay "running". */
        public Builder taskDuration(Duration taskDuration) {
            this.taskDuration = taskDuration;
            return this;
        }

        /** Real PVE delays every 401 by 3 s. */
        public Builder unauthorizedDelay(Duration unauthorizedDelay) {
            this.unauthorizedDelay = unauthorizedDelay;
            return this;
        }

        /** True = pre-2025 error bodies: {"data":null} without "message". */
        public Builder legacyErrors(boolean legacyErrors) {
            this.legacyErrors = legacyErrors;
            return this;
        }

        /** Clock for ticket issue/expiry and UPID start times (task durations use real time). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** IP that the guest agent of a VM reports on eth0, by VM name; null result = default 10.0.0.(100+n). */
        public Builder guestIpFor(Function<String, String> guestIpFor) {
            this.guestIpFor = guestIpFor;
            return this;
        }

        /** How long the guest agent of an API-created VM needs after power-on before it answers. */
        public Builder agentBootTime(Duration agentBootTime) {
            this.agentBootTime = agentBootTime;
            return this;
        }

        /** cluster/resources shows the previous status (or "unknown") this long after a change. */
        public Builder resourcesLag(Duration resourcesLag) {
            this.resourcesLag = resourcesLag;
            return this;
        }

        /** Called (VM name, running) on every power flip, under the sandbox lock: keep it quick. */
        public Builder onPowerChange(BiConsumer<String, Boolean> listener) {
            this.powerListener = listener;
            return this;
        }

        /** What boots inside a VM at power-on, by its boot order and disks (see {@link GuestBoot}). */
        public Builder guestBoot(GuestBoot boot) {
            this.guestBoot = boot;
            return this;
        }

        /** Debugging aid: list VMs sorted by vmid instead of PVE's unstable order. */
        public Builder sortedLists(boolean sortedLists) {
            this.sortedLists = sortedLists;
            return this;
        }

        /** Seed for list shuffling, MACs and UUIDs. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public SandboxProxmox build() {
            return new SandboxProxmox(this);
        }
    }
}
