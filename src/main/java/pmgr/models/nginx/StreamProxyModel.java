package pmgr.models.nginx;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pmgr.common.Addresses;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.Nullable;
import pmgr.model.ResourceSpec;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.SshModelType;
import pmgr.models.ssh.SshConnection;

/**
 * {@code nginx/stream}: a TCP/UDP proxy (nginx:alpine under Docker Compose) that carries ports of the
 * lab's services to their backends. {@code init} sets up the stream folder and keeps an existing
 * configuration unless told to {@code force}; {@code configure} writes one service's stream config,
 * publishes its ports, and reloads nginx whenever its config changed - also when only the backend's
 * address did, which the original missed. An unchanged service changes nothing and reloads nothing.
 */
public final class StreamProxyModel extends SshModelType<StreamProxyModel.Globals> {

    public record Globals(
            @Arg(description = "How to reach the proxy host over SSH (pmgr.lab.ssh.* fill in what is not given)") SshConnection ssh,
            @Arg(description = "Folder of nginx.conf, stream.d/ and docker-compose.yml", defaultValue = "${{ lab.proxy.streamDir }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String streamDir,
            @Arg(description = "Address nginx listens on (empty: every address, as in the container)",
                    defaultValue = "${{ lab.proxy.listenAddress }}", pattern = "|" + Addresses.IPV4, patternHint = "empty or an IPv4 address")
            String listenAddress,
            @Arg(description = "The proxy's container name", defaultValue = "stream-proxy", pattern = Shell.NAME,
                    patternHint = Shell.NAME_HINT) String containerName,
            @Arg(description = "Longest time one method's commands may take, seconds (compose may pull the image)", defaultValue = "300",
                    min = 10, max = 3600) long commandTimeoutSeconds) {
    }

    public record InitArgs(
            @Arg(description = "Rewrite nginx.conf and docker-compose.yml even when they exist and differ (published ports are kept)",
                    defaultValue = "false") boolean force) {
    }

    public record ConfigureArgs(
            @Arg(description = "Service name: its stream config's name (e.g. allthemons)", pattern = Shell.NAME,
                    patternHint = Shell.NAME_HINT) String vmName,
            @Nullable @Arg(description = "The backend's address (the definition takes the service's Tailscale IPv4 from the tailnet)",
                    pattern = Addresses.IPV4, patternHint = Addresses.IPV4_HINT) String targetIp,
            @Arg(description = "Port mappings listen[:backend][/tcp|udp],... e.g. 25565:25565,7777:7777/udp", pattern = PortMap.PATTERN,
                    patternHint = PortMap.HINT) String portMap,
            @Nullable @Arg(description = "Where one TCP port goes while the backend does not answer, listen=host:port (e.g. a "
                    + "sleeping server's wake listener: 25565=10.0.0.5:25566)", pattern = Fallback.PATTERN,
                    patternHint = Fallback.HINT) String fallback) {
    }

    public StreamProxyModel() {
        super("nginx/stream", "2026.12.03.1", "A TCP/UDP stream proxy: nginx under Docker Compose, one config per service",
                Globals.class,
                List.of(new ResourceSpec("server", "The proxy's stream folder and how init left its files"),
                        new ResourceSpec("proxy", "A service carried by the proxy: its backend and ports")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(
                method("init", "Set up the stream folder and start the proxy; an existing nginx.conf or compose file is kept unless force",
                        InitArgs.class, List.of("server"), (g, a, ctx) -> init(ctx, g, a)),
                method("configure", "Write a service's stream config and publish its ports; nginx reloads whenever its config changed",
                        ConfigureArgs.class, List.of("proxy"), (g, a, ctx) -> configure(ctx, g, a)));
    }

    private static ProxyHost host(MethodContext ctx, Globals g) {
        return new ProxyHost(g.ssh().connect(ctx, g.commandTimeoutSeconds()), g.streamDir(), g.containerName(),
                Duration.ofSeconds(g.commandTimeoutSeconds()));
    }

    private void init(MethodContext ctx, Globals g, InitArgs a) {
        ProxyHost proxy = host(ctx, g);
        ctx.log("Setting up the stream proxy in " + g.streamDir() + " on " + g.ssh().host());
        ProxyHost.State state = proxy.read(List.of(StreamFiles.NGINX_CONF, StreamFiles.COMPOSE_FILE));
        String conf = state.file(StreamFiles.NGINX_CONF);
        String compose = state.file(StreamFiles.COMPOSE_FILE);
        String wantedCompose = StreamFiles.compose(g.containerName(), compose == null ? List.of() : StreamFiles.publishedValues(compose));
        List<ProxyHost.Change> changes = new ArrayList<>();
        String confAction = decide(ctx, proxy, StreamFiles.NGINX_CONF, conf, StreamFiles.nginxConf(), a.force(), changes);
        String composeAction = decide(ctx, proxy, StreamFiles.COMPOSE_FILE, compose, wantedCompose, a.force(), changes);
        boolean reloaded = proxy.apply(ctx, changes, state.running(), "setting up the stream proxy");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("streamDir", g.streamDir());
        d.put("nginxConf", confAction);
        d.put("compose", composeAction);
        d.put("container", g.containerName());
        d.put("reloaded", reloaded);
        d.put("timestamp", Instant.now().toString());
        ctx.write("server", "server", d);
    }

    /** written (new), unchanged, kept (exists and differs, no force) or overwritten (force). */
    private static String decide(MethodContext ctx, ProxyHost proxy, String relative, String now, String wanted, boolean force,
                                 List<ProxyHost.Change> changes) {
        if (now == null) {
            changes.add(new ProxyHost.Change(relative, null, wanted));
            ctx.log("Writing " + proxy.path(relative));
            return "written";
        }
        if (now.equals(wanted)) {
            return "unchanged";
        }
        if (!force) {
            ctx.log("Keeping the existing " + proxy.path(relative) + " (it differs from the shipped one; force: true rewrites it)");
            return "kept";
        }
        changes.add(new ProxyHost.Change(relative, now, wanted));
        ctx.log("Overwriting " + proxy.path(relative) + " (force)");
        return "overwritten";
    }

    private void configure(MethodContext ctx, Globals g, ConfigureArgs a) {
        PortMap map = PortMap.parse(a.portMap(), "portMap");
        if (a.targetIp() == null) {
            throw new IllegalArgumentException("targetIp: no address for '" + a.vmName() + "' - the tailnet has no machine whose first DNS"
                    + " label is '" + a.vmName() + "' (run sync-tailnet; setup-tailscale joins a VM under its name)");
        }
        ProxyHost proxy = host(ctx, g);
        String serviceFile = StreamFiles.STREAM_DIR + "/" + a.vmName() + "-nginx.conf";
        ProxyHost.State state = proxy.read(List.of(StreamFiles.NGINX_CONF, StreamFiles.COMPOSE_FILE, serviceFile));
        String compose = state.file(StreamFiles.COMPOSE_FILE);
        if (compose == null || state.file(StreamFiles.NGINX_CONF) == null) {
            throw new IllegalStateException("the stream proxy is not set up in " + g.streamDir() + " on " + g.ssh().host()
                    + " (no " + (compose == null ? StreamFiles.COMPOSE_FILE : StreamFiles.NGINX_CONF) + "): run init-proxy first");
        }
        Set<String> published = StreamFiles.publishedPorts(compose);
        List<String> added = map.mappings().stream().filter(m -> !published.contains(m.key())).map(PortMap.Mapping::published).toList();
        String conf = StreamFiles.serviceConf(a.vmName(), a.targetIp(), g.listenAddress(), map,
                a.fallback() == null ? null : Fallback.parse(a.fallback(), map, "fallback"));
        String newCompose = StreamFiles.withPorts(compose, added);
        List<ProxyHost.Change> changes = List.of(new ProxyHost.Change(serviceFile, state.file(serviceFile), conf),
                new ProxyHost.Change(StreamFiles.COMPOSE_FILE, compose, newCompose));
        boolean configChanged = !conf.equals(state.file(serviceFile));
        ctx.log("Configuring " + a.vmName() + " -> " + a.targetIp() + " (" + String.join(", ", map.mappings().stream()
                .map(PortMap.Mapping::text).toList()) + ")" + (configChanged ? "" : ": its config is unchanged"));
        if (!added.isEmpty()) {
            ctx.log("Publishing " + String.join(", ", added) + " in " + proxy.path(StreamFiles.COMPOSE_FILE));
        }
        boolean reloaded = proxy.apply(ctx, changes, state.running(), "configuring the stream proxy for " + a.vmName());
        ctx.log(reloaded ? "nginx reloaded with the new config" : configChanged ? "the proxy started with the new config"
                : "nothing changed: no reload");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("vmName", a.vmName());
        d.put("targetIp", a.targetIp());
        d.put("mappings", map.mappings().stream().map(PortMap.Mapping::text).toList());
        d.put("published", StreamFiles.publishedValues(newCompose));
        d.put("portsAdded", added);
        d.put("configFile", proxy.path(serviceFile));
        d.put("configChanged", configChanged);
        d.put("reloaded", reloaded);
        d.put("timestamp", Instant.now().toString());
        ctx.write("proxy", a.vmName(), d);
    }
}
