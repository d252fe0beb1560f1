package pmgr.sandbox.proxmox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One journaled API request, recorded once the response was decided.
 *
 * @param path        request path as received, without the query string (may be percent-encoded)
 * @param params      query and body parameters merged (query wins), as strings
 * @param user        authenticated user ("root@pam" or "root@pam!homelab"), null when none
 * @param csrfPresent whether a CSRFPreventionToken header was sent (valid or not)
 * @param status      HTTP status answered
 */
public record Request(Instant at, String method, String path, Map<String, String> params, AuthKind auth,
        String user, boolean csrfPresent, int status) {

    public enum AuthKind { TICKET, TOKEN, NONE }

    public Request {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The path below /api2/json, e.g. "/nodes/pve/qemu". */
    public String apiPath() {
        return path.startsWith(ApiServer.PREFIX) ? path.substring(ApiServer.PREFIX.length()) : path;
    }

    /** Passwords are masked so a printed journal does not leak them. */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>(params);
        shown.computeIfPresent("password", (k, v) -> "******");
        return method + " " + path + " " + shown + " auth=" + auth + (user == null ? "" : "(" + user + ")")
                + " csrf=" + csrfPresent + " -> " + status;
    }
}
