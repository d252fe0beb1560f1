package pmgr.models.proxmox;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import pmgr.engine.MethodContext;

/** Builds the API client and cluster view from a definition's connection arguments. */
final class Connection {
    private Connection() {
    }

    static ProxmoxApi api(MethodContext ctx, String apiUrl, String username, String password, String apiToken,
                          Session wired, String caFile, String fingerprint, boolean skipTlsVerify) {
        return new ProxmoxApi(ctx.camel(), apiUrl, new Tls(blank(caFile), blank(fingerprint), skipTlsVerify),
                new Credentials(username, blank(password), blank(apiToken), wired), ctx::log);
    }

    /** The ticket wired in from stored data, if all of it is there. */
    static Session wired(String username, String ticket, String csrfToken, String issuedAt) {
        if (blank(ticket) == null || blank(csrfToken) == null) {
            return null;
        }
        Instant at;
        try {
            at = blank(issuedAt) == null ? Instant.EPOCH : Instant.parse(issuedAt);
        } catch (DateTimeParseException e) {
            at = Instant.EPOCH; // unknown age: it will be renewed first
        }
        return new Session(username, ticket, csrfToken, at);
    }

    static Cluster cluster(ProxmoxApi api, long pollMillis, long taskTimeoutSeconds) {
        return new Cluster(api, Duration.ofMillis(pollMillis), Duration.ofSeconds(taskTimeoutSeconds));
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static List<String> tlsWarnings(String instance, Map<String, Object> globals) {
        Object skip = globals.get("skipTlsVerify");
        if (Boolean.TRUE.equals(skip) || "true".equals(skip)) {
            return List.of(instance + ": TLS verification of " + globals.getOrDefault("apiUrl", "the Proxmox API")
                    + " is switched off (skipTlsVerify); anyone on the network path could impersonate the node."
                    + " Trust its CA with caFile, or pin its certificate with fingerprint");
        }
        return List.of();
    }
}
