package pmgr.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmgr.sandbox.discord.FakeDiscord;
import pmgr.sandbox.grafana.FakeGrafana;
import pmgr.sandbox.monitoring.FakeLoki;
import pmgr.sandbox.proxmox.Nic;
import pmgr.sandbox.proxmox.SandboxProxmox;
import pmgr.sandbox.proxmox.VmSpec;
import pmgr.sandbox.tailscale.FakeTailscale;
import pmgr.store.Vault;

/**
 * A whole lab on this machine: a sandbox Proxmox node over HTTPS with the original lab's VMs
 * (allthemons, infinity, calamity, slate, gold-image). It hands the engine the {@code pmgr.lab.*}
 * settings pointing at itself (API URL, its CA certificate to trust) and puts the node's password
 * in the vault, so the shipped definitions and workflows run unchanged against it. A fake Grafana
 * (HTTP API) stands in for the monitoring hub's, with its service-account token in the vault. With
 * game hosts, the monitoring hub hancock is one more SSH host (always up) with Prometheus' targets
 * folder, a fake Loki on its address, and a port kept for a Prometheus a test may start there.
 * A fake Tailscale API is the lab's tailnet (its API key and auth key in the vault); with game
 * hosts, the stream proxy treehouse is one more SSH host (always up, user keeb) whose nginx listens
 * on its address.
 */
public final class SandboxLab implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SandboxLab.class);
    public static final String NODE = "keeb-dev-02";
    public static final String USER = "root@pam";
    /** The alert contact point's webhook in the sandbox: Grafana is fake and never calls it. */
    public static final String ALERTS_WEBHOOK = "https://discord.invalid/api/webhooks/1/sandbox-alerts";
    /** An API token the lab accepts too (its secret is {@link #tokenSecret()}). */
    public static final String TOKEN_ID = USER + "!pmgr";

    private final SandboxProxmox proxmox;
    private GameHosts hosts;
    private FakeDiscord discord;
    private FakeGrafana grafana;
    private FakeLoki loki;
    private FakeTailscale tailscale;
    private int prometheusPort;
    private final String password;
    private final String tokenSecret;
    /** The root password alpine/install sets on installed VMs (in the vault as alpine-root-password). */
    private final String alpineRootPassword = randomText();
    private final Map<String, String> settings = new LinkedHashMap<>();

    /**
     * How the sandbox behaves: demo mode is close to real timing, tests are quick. With game hosts
     * (which need tmux), the VMs answer SSH on their addresses and run their game servers.
     */
    public record Options(Duration taskDuration, Duration agentBootTime, long pollMillis, String secondNode,
                          boolean gameHosts, Duration gameBoot, long warnDelaySeconds, boolean discord,
                          Duration discordTokenLifetime) {
        public static Options demo() {
            return new Options(Duration.ofSeconds(1), Duration.ofSeconds(3), 500, null, true, Duration.ofSeconds(5), 10, true, null);
        }

        public static Options fast() {
            return new Options(Duration.ofMillis(150), Duration.ofMillis(300), 50, null, false, Duration.ofMillis(500), 1, false, null);
        }

        public Options withSecondNode(String node) {
            return new Options(taskDuration, agentBootTime, pollMillis, node, gameHosts, gameBoot, warnDelaySeconds, discord,
                    discordTokenLifetime);
        }

        public Options withGameHosts(boolean on) {
            return new Options(taskDuration, agentBootTime, pollMillis, secondNode, on, gameBoot, warnDelaySeconds, discord,
                    discordTokenLifetime);
        }

        /** With a fake Discord for the bot; a token lifetime other than Discord's 15 minutes (null) for tests. */
        public Options withDiscord(Duration tokenLifetime) {
            return new Options(taskDuration, agentBootTime, pollMillis, secondNode, gameHosts, gameBoot, warnDelaySeconds, true,
                    tokenLifetime);
        }

        public Options withWarnDelay(long seconds) {
            return new Options(taskDuration, agentBootTime, pollMillis, secondNode, gameHosts, gameBoot, seconds, discord,
                    discordTokenLifetime);
        }
    }

    private SandboxLab(SandboxProxmox proxmox, String password, String tokenSecret) {
        this.proxmox = proxmox;
        this.password = password;
        this.tokenSecret = tokenSecret;
    }

    public static SandboxLab start(Path dataDir, Options options) {
        String password = randomText();
        String tokenSecret = java.util.UUID.randomUUID().toString();
        SandboxProxmox.Builder b = SandboxProxmox.builder().host("127.0.0.1").port(0).node(NODE)
                .user(USER, password).token(TOKEN_ID, tokenSecret).taskDuration(options.taskDuration()).agentBootTime(options.agentBootTime());
        if (options.secondNode() != null) {
            b.node(options.secondNode());
        }
        GameHosts hosts = null;
        if (options.gameHosts()) {
            try {
                hosts = new GameHosts(dataDir.resolve("sandbox"), options.gameBoot());
            } catch (Exception e) {
                throw new IllegalStateException("cannot prepare the sandbox game hosts: " + e.getMessage(), e);
            }
            GameHosts h = hosts;
            b.onPowerChange(h::powerChanged);
            // new VMs answer on a pool address and boot by their boot order; a PXE-booted one sees
            // its disk a while after its agent reports the IP, as the real lab's do
            b.guestIpFor(h::poolAddress).guestBoot(h::boot);
            h.diskAppearsAfter(diskDelay(options));
        }
        SandboxProxmox pve = b.build().start();
        SandboxLab lab = new SandboxLab(pve, password, tokenSecret);
        lab.hosts = hosts;
        try {
            if (options.discord()) {
                FakeDiscord.Builder d = FakeDiscord.builder().host("127.0.0.1").port(0);
                if (options.discordTokenLifetime() != null) {
                    d.interactionTokenLifetime(options.discordTokenLifetime());
                    lab.settings.put("pmgr.bot.interaction-token-lifetime", options.discordTokenLifetime().toMillis() + "ms");
                }
                lab.discord = d.build().start();
                lab.settings.put("pmgr.bot.rest-url", lab.discord.restBaseUrl());
                lab.settings.put("pmgr.lab.discord.restUrl", lab.discord.restBaseUrl());
                lab.settings.put("pmgr.bot.gateway-url", lab.discord.gatewayUrl());
            }
            lab.grafana = FakeGrafana.builder().host("127.0.0.1").port(0).build().start();
            lab.settings.put("pmgr.lab.grafana.url", lab.grafana.baseUrl());
            lab.startTailnet(hosts);
            lab.seedVms(options);
            Path ca = dataDir.resolve("sandbox").resolve("pve-ca.pem");
            Files.createDirectories(ca.getParent());
            Files.writeString(ca, pve.certificatePem());
            lab.settings.put("pmgr.lab.proxmox.apiUrl", pve.baseUrl());
            lab.settings.put("pmgr.lab.proxmox.node", NODE);
            lab.settings.put("pmgr.lab.proxmox.username", USER);
            lab.settings.put("pmgr.lab.proxmox.tokenKey", "");
            lab.settings.put("pmgr.lab.proxmox.caFile", ca.toString());
            lab.settings.put("pmgr.lab.proxmox.fingerprint", "");
            lab.settings.put("pmgr.lab.proxmox.skipTlsVerify", "false");
            lab.settings.put("pmgr.lab.proxmox.pollMillis", Long.toString(options.pollMillis()));
            // the hub is on loopback even without game hosts: nothing answers there then, no real hancock is reached
            lab.settings.put("pmgr.lab.monitoring.hubHost", GameHosts.HUB_ADDRESS);
            // the TFTP/HTTP server too: never the real one
            lab.settings.put("pmgr.lab.alpine.tftpHost", GameHosts.ADDRESSES.get(GameHosts.TFTP_SERVER));
            // allthemons sleeps behind a wake listener (infinity's stays off, as in a lab that has not set it)
            lab.settings.put("pmgr.lab.wake.listen.allthemons", wakeListen("allthemons"));
            if (hosts != null) {
                for (String vm : List.of("slate", "calamity", "allthemons", "infinity", GameHosts.TFTP_SERVER)) {
                    hosts.start(vm); // the VMs that are seeded running
                }
                lab.settings.put("pmgr.lab.ssh.port", Integer.toString(hosts.port()));
                lab.settings.put("pmgr.lab.ssh.user", "root");
                lab.settings.put("pmgr.lab.ssh.keyFile", hosts.clientKeyFile().toString());
                lab.settings.put("pmgr.lab.ssh.keyVaultKey", "");
                lab.settings.put("pmgr.lab.ssh.hostKeyPolicy", "accept-new");
                // each VM's home is its own folder: these paths stay inside it
                lab.settings.put("pmgr.lab.metrics.textfileDir", "~/var/lib/node_exporter/textfile_collector");
                lab.settings.put("pmgr.lab.metrics.playersLog", "~/var/log/game-players.log");
                lab.settings.put("pmgr.lab.minecraft.startLogDir", "~/tmp");
                lab.settings.put("pmgr.lab.games.warnDelaySeconds", Long.toString(options.warnDelaySeconds()));
                lab.settings.put("pmgr.lab.games.readyPollSeconds", "1");
                lab.startMonitoringHub(hosts);
                lab.alpineSettings();
                lab.prepareDeployTarget(dataDir); // last: the copy gets every setting above
            }
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw new IllegalStateException("cannot start the sandbox lab: " + e.getMessage(), e);
        }
        return lab;
    }

    /**
     * The tailnet: a fake Tailscale API (also the control server the VMs' tailscale stand-in joins),
     * with the hub and the proxy on it; and treehouse, the stream proxy, with the pmgr.lab.proxy.*
     * settings pointing at it (on loopback also without game hosts: no real treehouse is reached).
     */
    private void startTailnet(GameHosts hosts) throws IOException {
        tailscale = FakeTailscale.builder().host("127.0.0.1").port(0).build().start();
        tailscale.addDevice(GameHosts.PROXY, GameHosts.PROXY_ADDRESS, "linux", true);
        tailscale.addDevice(GameHosts.HUB, GameHosts.HUB_ADDRESS, "linux", true);
        settings.put("pmgr.lab.tailscale.apiUrl", tailscale.baseUrl());
        settings.put("pmgr.lab.tailscale.tailnet", "-");
        settings.put("pmgr.lab.proxy.host", GameHosts.PROXY_ADDRESS);
        settings.put("pmgr.lab.proxy.user", "keeb");
        settings.put("pmgr.lab.proxy.streamDir", "~/stream");
        settings.put("pmgr.lab.proxy.listenAddress", GameHosts.PROXY_ADDRESS);
        if (hosts != null) {
            hosts.tailscaleControl(tailscale.controlUrl());
            hosts.startProxy();
            if (!onPath("nginx") && !Files.isExecutable(Path.of("/usr/sbin/nginx"))) {
                LOG.warn("nginx is not installed on this machine: the sandbox's stream proxy cannot run "
                        + "(apt-get install nginx libnginx-mod-stream)");
            }
        }
    }

    /** When, after a PXE boot, a VM's disk shows: after its agent answers, and a second later at least. */
    private static Duration diskDelay(Options options) {
        Duration agent = options.agentBootTime();
        return agent.plus(agent.compareTo(Duration.ofSeconds(1)) > 0 ? agent : Duration.ofSeconds(1));
    }

    /**
     * Where alpine/install and alpine/overlay work on a sandbox VM: its system folders are under its
     * home, its disks are folders (so the disk check is -e, not -b for a block device).
     */
    private void alpineSettings() {
        settings.put("pmgr.lab.alpine.deviceDir", "~/dev");
        settings.put("pmgr.lab.alpine.deviceTest", "-e");
        settings.put("pmgr.lab.alpine.mountDir", "~/mnt");
        settings.put("pmgr.lab.alpine.tmpDir", "~/tmp");
        settings.put("pmgr.lab.alpine.tftpPath", "~/" + GameHosts.TFTP_HTTP_DIR);
    }

    /** hancock: its SSH host, a fake Loki, and the pmgr.lab.monitoring.* settings pointing at them. */
    private void startMonitoringHub(GameHosts hosts) throws IOException {
        hosts.startHub();
        if (!onPath("prometheus-node-exporter")) {
            LOG.warn("prometheus-node-exporter is not installed on this machine: the sandbox VMs' node exporters cannot start, "
                    + "so monitoring/agent's install fails its check (apt-get install prometheus-node-exporter)");
        }
        loki = FakeLoki.start(GameHosts.HUB_ADDRESS, 0);
        prometheusPort = freePort(GameHosts.HUB_ADDRESS, 0); // nothing listens there until a test starts Prometheus
        settings.put("pmgr.lab.monitoring.hubUser", "root");
        settings.put("pmgr.lab.monitoring.targetsDir", "~/" + GameHosts.HUB_TARGETS_DIR);
        settings.put("pmgr.lab.monitoring.lokiPort", Integer.toString(loki.port()));
        settings.put("pmgr.lab.monitoring.prometheusPort", Integer.toString(prometheusPort));
        // each VM's system folders are under its home, as its textfile directory is
        settings.put("pmgr.lab.monitoring.etcDir", "~/etc");
        settings.put("pmgr.lab.monitoring.varDir", "~/var");
    }

    /**
     * deploy-bot's target is slate: the copy listens on slate's address at a free port, under slate's
     * home, and gets this lab's settings as its configuration (a file written here), so it uses the
     * sandbox's fakes and never starts a sandbox of its own. Its bot is off: the sandbox's Discord
     * belongs to the serve that deploys (two bots on one token would both answer); its schedules and
     * Hawtio are off too, to keep the machine's two cores for the tests.
     */
    private void prepareDeployTarget(Path dataDir) throws IOException {
        String slate = GameHosts.ADDRESSES.get("slate");
        int port = freePort(slate, 0);
        Path config = dataDir.resolve("sandbox").resolve("slate-deploy.properties");
        settings.put("pmgr.lab.deploy.remoteDir", "~/opt/pmgr");
        settings.put("pmgr.lab.deploy.port", Integer.toString(port));
        settings.put("pmgr.lab.deploy.bindAddress", slate);
        settings.put("pmgr.lab.deploy.configFile", config.toString());
        StringBuilder text = new StringBuilder("# The sandbox's settings for the copy deploy-bot starts on slate (written by SandboxLab)\n");
        // the wake listeners' addresses are the deploying serve's: the copy listening there too would fail to start
        settings.forEach((k, v) -> text.append(k).append('=').append(k.startsWith("pmgr.lab.wake.listen.") ? ""
                : v.replace("\\", "\\\\")).append('\n'));
        text.append("pmgr.bot.enabled=false\npmgr.hawtio.enabled=false\n")
                .append("pmgr.schedule.metrics.enabled=false\npmgr.schedule.fleet-report.enabled=false\n");
        Files.writeString(config, text.toString());
    }

    /** The wake listener's address: Minecraft's own port 25565 when it is free there (clients need no port then), else a free one. */
    private static String wakeListen(String vm) throws IOException {
        String address = GameHosts.WAKE_ADDRESSES.get(vm);
        return address + ":" + freePort(address, 25565);
    }

    /** A port free on this address now: the preferred one if it is free (0: any), else one the system picks. */
    private static int freePort(String address, int preferred) throws IOException {
        java.net.InetAddress at = java.net.InetAddress.getByName(address);
        if (preferred > 0) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(preferred, 1, at)) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // fall through to any free port
            }
        }
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, at)) {
            return s.getLocalPort();
        }
    }

    /** Where allthemons' wake listener takes connections (host:port). */
    public String wakeListen() {
        return settings.get("pmgr.lab.wake.listen.allthemons");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    /** The stream proxy's SSH host, treehouse (null without game hosts). */
    public pmgr.sandbox.games.GameHost proxyHost() {
        return hosts == null ? null : hosts.host(GameHosts.PROXY);
    }

    /** The stream proxy's address (pmgr.lab.proxy.host and listenAddress in the sandbox). */
    public static String proxyAddress() {
        return GameHosts.PROXY_ADDRESS;
    }

    /** The sandbox tailnet's Tailscale API (and control server). */
    public FakeTailscale tailscale() {
        return tailscale;
    }

    /** The monitoring hub's SSH host (null without game hosts). */
    public pmgr.sandbox.games.GameHost hub() {
        return hosts == null ? null : hosts.host(GameHosts.HUB);
    }

    /** The folder on this machine where the hub keeps Prometheus' file_sd targets (null without game hosts). */
    public Path hubTargetsDir() {
        return hosts == null ? null : hosts.root(GameHosts.HUB).resolve(GameHosts.HUB_TARGETS_DIR);
    }

    /** The port on the hub's address kept for Prometheus (pmgr.lab.monitoring.prometheusPort); 0 without game hosts. */
    public int hubPrometheusPort() {
        return prometheusPort;
    }

    /** The hub's address (pmgr.lab.monitoring.hubHost in the sandbox). */
    public static String hubAddress() {
        return GameHosts.HUB_ADDRESS;
    }

    /** The original lab's VMs; game VMs answer on loopback addresses where sandbox game hosts listen. */
    private void seedVms(Options options) {
        Duration agent = options.agentBootTime();
        proxmox.addVm(VmSpec.builder(100, "slate").running(true).memoryMiB(4096).cores(2).diskGiB(32)
                .agentReadyAfter(agent).interfaces(Nic.loopback(), Nic.eth0("bc:24:11:00:01:00", GameHosts.ADDRESSES.get("slate"))).build());
        proxmox.addVm(VmSpec.builder(103, GameHosts.TFTP_SERVER).running(true).memoryMiB(1024).cores(1).diskGiB(8)
                .agentReadyAfter(agent).interfaces(Nic.loopback(), Nic.eth0("bc:24:11:00:01:03", GameHosts.ADDRESSES.get(GameHosts.TFTP_SERVER)))
                .build());
        proxmox.addVm(VmSpec.builder(107, "calamity").running(true).memoryMiB(16384).cores(4).diskGiB(64)
                .agentReadyAfter(agent).tags("game;terraria")
                // a Docker host on a tailnet: the agent lists bridges and tunnels besides the VM's own NIC
                .interfaces(Nic.loopback(), Nic.docker0(), Nic.veth(), Nic.eth0("bc:24:11:00:01:07", GameHosts.ADDRESSES.get("calamity")),
                        Nic.tailscale("100.101.102.107"))
                .build());
        proxmox.addVm(VmSpec.builder(108, "allthemons").running(true).memoryMiB(16384).cores(6).diskGiB(64)
                .agentReadyAfter(agent).tags("game;minecraft")
                .interfaces(Nic.loopback(), Nic.eth0("bc:24:11:00:01:08", GameHosts.ADDRESSES.get("allthemons"))).build());
        proxmox.addVm(VmSpec.builder(109, "gold-image").running(false).memoryMiB(2048).cores(2).diskGiB(0)
                .agentReadyAfter(agent).interfaces(Nic.loopback(), Nic.eth0("bc:24:11:00:01:09", GameHosts.ADDRESSES.get("gold-image"))).build());
        proxmox.addVm(VmSpec.builder(110, "infinity").running(true).memoryMiB(12288).cores(4).diskGiB(64)
                .agentReadyAfter(agent).tags("game;minecraft")
                .interfaces(Nic.loopback(), Nic.eth0("bc:24:11:00:01:10", GameHosts.ADDRESSES.get("infinity"))).build());
    }

    private static String randomText() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The API token value as Proxmox wants it: USER@REALM!TOKENID=SECRET. */
    public String apiToken() {
        return TOKEN_ID + "=" + tokenSecret;
    }

    /** The pmgr.lab.* settings that point the shipped definitions at this lab. */
    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    /** Stores the node's password where the definitions look for it (and the fake Discord's bot token). */
    public void seedVault(Vault vault, String vaultName, String passwordKey) {
        vault.put(vaultName, passwordKey, password);
        vault.put(vaultName, "grafana-token", grafana.token());
        vault.put(vaultName, "discord-alerts-webhook", ALERTS_WEBHOOK);
        vault.put(vaultName, "tailscale-api-key", tailscale.apiKey());
        vault.put(vaultName, "tailscaleAuthKey", tailscale.authKey());
        vault.put(vaultName, "alpine-root-password", alpineRootPassword);
    }

    /** Stores the fake Discord's bot token where the bot looks for it. */
    public void seedBotToken(Vault vault, String vaultName) {
        if (discord != null) {
            vault.put(vaultName, pmgr.bot.BotSettings.TOKEN_KEY, discord.botToken());
        }
    }

    /** The fake Grafana of the monitoring hub. */
    public FakeGrafana grafana() {
        return grafana;
    }

    /** The fake Discord, or null when the lab has none. */
    public FakeDiscord discord() {
        return discord;
    }

    public SandboxProxmox proxmox() {
        return proxmox;
    }

    /** The root password the vault gives alpine/install (for checks that it is set, and never shown). */
    public String alpineRootPassword() {
        return alpineRootPassword;
    }

    /** The TFTP/HTTP server's web root on this machine (null without game hosts). */
    public Path tftpHttpDir() {
        return hosts == null ? null : hosts.root(GameHosts.TFTP_SERVER).resolve(GameHosts.TFTP_HTTP_DIR);
    }

    /** A VM's disk folder (partitions 1, 2, 3 inside), by its config key (scsi0); null without game hosts or VM. */
    public Path disk(String vm, String device) {
        if (hosts == null) {
            return null;
        }
        return proxmox.vms().stream().filter(v -> v.name().equals(vm)).findFirst()
                .map(v -> hosts.disksDir(v).resolve(device)).orElse(null);
    }

    /** Every sandbox host's record of the SSH command lines it ran, also of VMs since stopped, rebooted or deleted. */
    public List<String> allCommandLines() throws IOException {
        if (hosts == null) {
            return List.of();
        }
        List<String> lines = new java.util.ArrayList<>();
        for (Path log : hosts.commandLogs()) {
            lines.addAll(Files.readAllLines(log));
        }
        return lines;
    }

    /** The SSH host of a sandbox VM while it runs (null when stopped or without game hosts). */
    public pmgr.sandbox.games.GameHost host(String vm) {
        return hosts == null ? null : hosts.host(vm);
    }

    /** Where a VM's files are, also while it is off (null without game hosts). */
    public java.nio.file.Path hostRoot(String vm) {
        return hosts == null ? null : hosts.root(vm);
    }

    /**
     * Takes a running VM off the network: Proxmox still says it runs (and its agent reports the IP),
     * but SSH to it fails - an unreachable server.
     */
    public void cutNetwork(String vm) throws InterruptedException {
        settle();
        hosts.stop(vm);
    }

    /** Puts a VM cut off by {@link #cutNetwork} back on the network (if it still runs). */
    public void restoreNetwork(String vm) throws java.io.IOException {
        boolean running = proxmox.vms().stream().anyMatch(v -> v.name().equals(vm) && v.running());
        if (running) {
            hosts.start(vm);
        }
    }

    /** Waits until VM power changes have reached the SSH hosts. */
    public void settle() throws InterruptedException {
        if (hosts != null) {
            hosts.settle();
        }
    }

    @Override
    public void close() {
        if (discord != null) {
            discord.close();
        }
        if (grafana != null) {
            grafana.close();
        }
        if (loki != null) {
            loki.close();
        }
        if (tailscale != null) {
            tailscale.close();
        }
        proxmox.close();
        if (hosts != null) {
            hosts.close();
        }
    }
}
