package pmgr.models.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pmgr.model.AbstractModelType;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.NoArgs;
import pmgr.model.ResourceSpec;

/**
 * {@code proxmox/node}: one node's status, and {@code auth}, which checks the login on demand (a
 * password login, or the API token) and records it as the sealed resource {@code node/node}. No
 * workflow needs it first: the Proxmox models log in when they need to.
 */
public final class ProxmoxNodeModel extends AbstractModelType<ProxmoxNodeModel.Globals> {

    public record Globals(
            @Arg(description = "The Proxmox API connection (pmgr.lab.proxmox.* fill in what is not given)") ProxmoxConnection proxmox,
            @Arg(description = "Proxmox node name", defaultValue = "${{ lab.proxmox.node }}") String node) {
    }

    public ProxmoxNodeModel() {
        super("proxmox/node", "2026.11.28.1",
                "A Proxmox VE node: its memory, CPU and uptime, and a check of the login",
                Globals.class,
                List.of(new ResourceSpec("node", "The login: user, ticket and CSRF token (sealed), when issued and expiring",
                        Set.of("ticket", "csrfToken")),
                        new ResourceSpec("status", "Node memory, CPU and uptime")));
    }

    @Override
    public List<String> startupWarnings(String instance, Map<String, Object> globals) {
        return ProxmoxConnection.tlsWarnings(instance, globals);
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(
                method("auth", "Log in to Proxmox (or check the API token) and store the session", NoArgs.class,
                        List.of("node"), (g, a, ctx) -> auth(ctx, g)),
                method("status", "Read the node's memory, CPU and uptime", NoArgs.class, List.of("status"),
                        (g, a, ctx) -> status(ctx, g)));
    }

    private void auth(MethodContext ctx, Globals g) {
        ProxmoxApi api = g.proxmox().api(ctx);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("username", g.proxmox().username());
        if (g.proxmox().credentials().usesToken()) {
            ctx.log("Checking the API token for " + g.proxmox().apiUrl());
            JsonNode version = api.get("/version", Map.of());
            ctx.log("API token accepted (Proxmox VE " + version.path("version").asText("?") + ")");
            data.put("mode", "token");
        } else {
            ctx.log("Authenticating with Proxmox at " + g.proxmox().apiUrl() + " as " + g.proxmox().username());
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
    }

    private void status(MethodContext ctx, Globals g) {
        JsonNode s = g.proxmox().api(ctx).get("/nodes/" + g.node() + "/status", Map.of());
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
    }
}
