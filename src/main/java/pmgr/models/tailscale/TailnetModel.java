package pmgr.models.tailscale;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import pmgr.model.AbstractModelType;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.NoArgs;
import pmgr.model.ResourceSpec;
import pmgr.models.http.JsonHttp;

/**
 * {@code tailscale/net}: the machines of a tailnet, read from the Tailscale API v2 device list
 * ({@code GET /api/v2/tailnet/{tailnet}/devices}) with an API access token. Each machine is the
 * resource {@code machine/<first DNS label>}, the name configure-proxy looks a backend up by.
 */
public final class TailnetModel extends AbstractModelType<TailnetModel.Globals> {
    /** A machine's resource name: its MagicDNS label, as Tailscale makes it. */
    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public record Globals(
            @Arg(description = "The Tailscale API, https://host", defaultValue = "${{ lab.tailscale.apiUrl }}",
                    pattern = "https?://[^\\s/]+(:\\d+)?/?", patternHint = "http(s)://host[:port]") String apiUrl,
            @Arg(description = "The tailnet's name ('-' = the tailnet of the API key)", defaultValue = "${{ lab.tailscale.tailnet }}",
                    pattern = "-|[A-Za-z0-9@._-]{1,253}", patternHint = "'-' or a tailnet name such as example.com") String tailnet,
            @Arg(description = "API access token, tskey-api-... (from the vault)", secret = true,
                    defaultValue = "${{ vault.get(lab.tailscale.vault, lab.tailscale.apiKeyKey) }}") String apiKey) {
    }

    public TailnetModel() {
        super("tailscale/net", "2026.12.03.1", "The machines of a tailnet, from the Tailscale API",
                Globals.class, List.of(new ResourceSpec("machine", "A machine of the tailnet, by its first DNS label")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(method("sync", "Record every machine of the tailnet (Tailscale API device list)", NoArgs.class,
                List.of("machine"), (g, a, ctx) -> sync(ctx, g)));
    }

    private void sync(MethodContext ctx, Globals g) {
        JsonHttp api = new JsonHttp(ctx.template(), g.apiUrl());
        String path = "/api/v2/tailnet/" + JsonHttp.segment(g.tailnet()) + "/devices";
        JsonHttp.Answer answer;
        try {
            answer = api.send("GET", path, null, Map.of("Authorization", "Bearer " + g.apiKey(), "Accept", "application/json"), null);
        } catch (JsonHttp.Unreachable e) {
            throw new IllegalStateException("the Tailscale API at " + api.url() + " cannot be reached: " + e.getMessage());
        }
        if (answer.status() == 401 || answer.status() == 403) {
            throw new IllegalStateException("the Tailscale API at " + api.url() + " refused the API key (" + answer.status() + " "
                    + answer.message() + "): put a valid tskey-api-... key in the vault (lab.tailscale.vault / lab.tailscale.apiKeyKey)");
        }
        if (answer.status() == 404) {
            throw new IllegalStateException("the Tailscale API at " + api.url() + " has no tailnet '" + g.tailnet() + "' (404 "
                    + answer.message() + "); '-' is the API key's own tailnet");
        }
        if (!answer.ok()) {
            throw new IllegalStateException("GET " + path + " at " + api.url() + " failed: " + answer.status() + " " + answer.message());
        }
        JsonNode devices = answer.json().path("devices");
        if (!devices.isArray()) {
            throw new IllegalStateException("the Tailscale API answered without a devices list: "
                    + answer.body().substring(0, Math.min(200, answer.body().length())));
        }
        String timestamp = Instant.now().toString();
        Map<String, Map<String, Object>> machines = new TreeMap<>();
        for (JsonNode device : devices) {
            Map<String, Object> m = machine(device, timestamp);
            String label = (String) m.get("label");
            if (!LABEL.matcher(label).matches()) {
                ctx.log("  skipped a device without a usable name (name '" + device.path("name").asText("") + "', hostname '"
                        + device.path("hostname").asText("") + "')");
                continue;
            }
            if (machines.containsKey(label)) {
                throw new IllegalStateException("two devices of the tailnet have the DNS label '" + label + "': "
                        + machines.get(label).get("dnsName") + " and " + m.get("dnsName"));
            }
            machines.put(label, m);
        }
        machines.forEach((label, m) -> {
            ctx.log("  " + label + " ip=" + m.get("tailscaleIp") + " online=" + m.get("online"));
            ctx.write("machine", label, m);
        });
        ctx.log("Complete: " + machines.size() + " machines synced from tailnet " + g.tailnet());
    }

    /** One device as pmgr keeps it: named by its MagicDNS name's first label (else its hostname). */
    private static Map<String, Object> machine(JsonNode device, String timestamp) {
        String dnsName = device.path("name").asText("");
        String hostname = device.path("hostname").asText("");
        String label = (dnsName.isEmpty() ? hostname : dnsName.split("\\.", 2)[0]).toLowerCase(Locale.ROOT);
        List<String> addresses = new ArrayList<>();
        device.path("addresses").forEach(a -> addresses.add(a.asText()));
        String ipv4 = addresses.stream().filter(a -> a.contains(".")).findFirst().orElse(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("hostname", hostname);
        m.put("dnsName", dnsName);
        m.put("tailscaleIp", ipv4);
        m.put("addresses", addresses);
        m.put("online", device.path("connectedToControl").asBoolean(false));
        m.put("os", device.path("os").asText(""));
        m.put("lastSeen", device.path("lastSeen").asText(""));
        m.put("nodeId", device.path("nodeId").asText(""));
        m.put("authorized", device.path("authorized").asBoolean(false));
        m.put("timestamp", timestamp);
        return m;
    }
}
