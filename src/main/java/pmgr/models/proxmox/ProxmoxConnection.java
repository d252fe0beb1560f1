package pmgr.models.proxmox;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.Nullable;

/**
 * How the Proxmox models reach the API: the {@code proxmox} component of their global arguments,
 * filled from the lab's {@code pmgr.lab.proxmox.*} settings unless a definition gives a part. With a
 * password the models log in when they first need to, renew before the ticket expires and once on a
 * 401; with an API token there is nothing to log in to.
 */
public record ProxmoxConnection(
        @Arg(description = "Proxmox API URL, https://host:8006", defaultValue = "${{ lab.proxmox.apiUrl }}",
                pattern = "https://[^\\s/]+(:\\d+)?/?", patternHint = "https://host:port") String apiUrl,
        @Arg(description = "User as user@realm", defaultValue = "${{ lab.proxmox.username }}", pattern = "[^@\\s]+@[^@\\s]+",
                patternHint = "user@realm") String username,
        @Nullable @Arg(description = "Password (from the vault)", secret = true,
                defaultValue = "${{ lab.proxmox.tokenKey == '' ? vault.get(lab.proxmox.vault, lab.proxmox.passwordKey) : null }}") String password,
        @Nullable @Arg(description = "API token USER@REALM!TOKENID=SECRET, instead of a password", secret = true,
                defaultValue = "${{ lab.proxmox.tokenKey != '' ? vault.get(lab.proxmox.vault, lab.proxmox.tokenKey) : null }}",
                pattern = "[^@\\s]+@[^!\\s]+![^=\\s]+=\\S+", patternHint = "USER@REALM!TOKENID=SECRET") String apiToken,
        @Nullable @Arg(description = "PEM file of the CA or node certificate to trust", defaultValue = "${{ lab.proxmox.caFile }}") String caFile,
        @Nullable @Arg(description = "SHA-256 fingerprint of the node certificate to pin", defaultValue = "${{ lab.proxmox.fingerprint }}") String fingerprint,
        @Arg(description = "Skip TLS verification (warned about at start)", defaultValue = "${{ lab.proxmox.skipTlsVerify }}") boolean skipTlsVerify) {

    /** The API client for one method call (the session it uses is the process's newest for this URL and user). */
    ProxmoxApi api(MethodContext ctx) {
        return new ProxmoxApi(ctx.template(), apiUrl, new Tls(blank(caFile), blank(fingerprint), skipTlsVerify),
                credentials(), ctx::log, Clock.systemUTC());
    }

    Credentials credentials() {
        return new Credentials(username, blank(password), blank(apiToken));
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The start warning for a definition that switches TLS verification off (globals as resolved). */
    static List<String> tlsWarnings(String instance, Map<String, Object> globals) {
        Map<?, ?> proxmox = globals.get("proxmox") instanceof Map<?, ?> m ? m : Map.of();
        Object skip = proxmox.get("skipTlsVerify");
        if (Boolean.TRUE.equals(skip) || "true".equals(skip)) {
            return List.of(instance + ": TLS verification of " + (proxmox.get("apiUrl") == null ? "the Proxmox API" : proxmox.get("apiUrl"))
                    + " is switched off (proxmox.skipTlsVerify); anyone on the network path could impersonate the node."
                    + " Trust its CA with proxmox.caFile, or pin its certificate with proxmox.fingerprint");
        }
        return List.of();
    }
}
