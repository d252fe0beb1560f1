package pmgr.models.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pmgr.engine.Arg;
import pmgr.engine.MethodContext;
import pmgr.engine.ModelMethod;
import pmgr.engine.ModelType;
import pmgr.engine.NoArgs;
import pmgr.engine.Nullable;
import pmgr.engine.ResourceSpec;

/**
 * {@code proxmox/node}: the auth root. {@code auth} logs in (password from the vault) and stores the
 * ticket and CSRF token as the sealed resource {@code node/node}, which the fleet reads through CEL;
 * with an API token it checks the token instead.
 */
public final class ProxmoxNodeModel implements ModelType {

    public record Globals(
            @Arg(description = "Proxmox API URL, https://host:8006", pattern = "https://[^\\s/]+(:\\d+)?/?",
                    patternHint = "https://host:port") String apiUrl,
            @Arg(description = "Proxmox node name") String node,
            @Arg(description = "User as user@realm", defaultValue = "root@pam", pattern = "[^@\\s]+@[^@\\s]+",
                    patternHint = "user@realm") String username,
            @Nullable @Arg(description = "Password (from the vault)", secret = true) String password,
            @Nullable @Arg(description = "API token USER@REALM!TOKENID=SECRET, instead of a password", secret = true,
                    pattern = "[^@\\s]+@[^!\\s]+![^=\\s]+=\\S+", patternHint = "USER@REALM!TOKENID=SECRET") String apiToken,
            @Nullable @Arg(description = "PEM file of the CA or node certificate to trust") String caFile,
            @Nullable @Arg(description = "SHA-256 fingerprint of the node certificate to pin") String fingerprint,
            @Arg(description = "Skip TLS verification (warned about at start)", defaultValue = "false") boolean skipTlsVerify) {
    }

    @Override
    public String type() {
        return "proxmox/node";
    }

    @Override
    public String version() {
        return "2026.11.28.1";
    }

    @Override
    public String description() {
        return "A Proxmox VE node: logs in and keeps the session the fleet uses";
    }

    @Override
    public Class<? extends Record> globalArguments() {
        return Globals.class;
    }

    @Override
    public List<ResourceSpec> resources() {
        return List.of(new ResourceSpec("node", "The login: user, ticket and CSRF token (sealed), when issued and expiring",
                        Set.of("ticket", "csrfToken")),
                new ResourceSpec("status", "Node memory, CPU and uptime"));
    }

    @Override
    public List<String> startupWarnings(String instance, Map<String, Object> globals) {
        return Connection.tlsWarnings(instance, globals);
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(
                ModelMethod.of("auth", "Log in to Proxmox (or check the API token) and store the session", NoArgs.class,
                        List.of("node"), (args, ctx) -> auth(ctx)),
                ModelMethod.of("status", "Read the node's memory, CPU and uptime", NoArgs.class, List.of("status"),
                        (args, ctx) -> status(ctx)));
    }

    private static ProxmoxApi api(MethodContext ctx, Globals g) {
        return Connection.api(ctx, g.apiUrl(), g.username(), g.password(), g.apiToken(), null, g.caFile(), g.fingerprint(),
                g.skipTlsVerify());
    }

    private Object auth(MethodContext ctx) {
        Globals g = ctx.globals(Globals.class);
        ProxmoxApi api = api(ctx, g);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("username", g.username());
        if (g.apiToken() != null && !g.apiToken().isBlank()) {
            ctx.log("Checking the API token for " + g.apiUrl());
            JsonNode version = api.get("/version", Map.of());
            ctx.log("API token accepted (Proxmox VE " + version.path("version").asText("?") + ")");
            data.put("mode", "token");
        } else {
            ctx.log("Authenticating with Proxmox at " + g.apiUrl() + " as " + g.username());
            Session s = api.login();
            ctx.log("Authentication successful; the ticket expires at " + s.expiresAt());
            data.put("mode", "ticket");
            data.put("ticket", s.ticket());
            data.put("csrfToken", s.csrfToken());
            data.put("issuedAt", s.issuedAt().toString());
            data.put("expiresAt", s.expiresAt().toString());
        }
        data.put("timestamp", Instant.now().toString());
        ctx.write("node", "node", data);
        return null;
    }

    private Object status(MethodContext ctx) {
        Globals g = ctx.globals(Globals.class);
        JsonNode s = api(ctx, g).get("/nodes/" + g.node() + "/status", Map.of());
        long total = s.path("memory").path("total").asLong();
        long used = s.path("memory").path("used").asLong();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("memoryTotal", total);
        data.put("memoryUsed", used);
        data.put("memoryFree", total - used);
        data.put("cpuUsage", s.path("cpu").asDouble());
        data.put("cpuCount", s.path("cpuinfo").path("cpus").asLong());
        data.put("uptime", s.path("uptime").asLong());
        data.put("timestamp", Instant.now().toString());
        ctx.log("Node " + g.node() + ": " + (used >> 20) + "/" + (total >> 20) + " MiB used, uptime " + s.path("uptime").asLong() + "s");
        ctx.write("status", "status", data);
        return null;
    }
}
