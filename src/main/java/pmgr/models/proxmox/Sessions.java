package pmgr.models.proxmox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest Proxmox session this process holds per API URL and user: a login or renewal by any
 * call (the node's or the fleet's) is used by every later one, so a process logs in once and a run
 * writes nothing to do so.
 */
final class Sessions {
    private static final Map<String, Session> NEWEST = new ConcurrentHashMap<>();

    private Sessions() {
    }

    static Session cached(String apiUrl, String username) {
        return NEWEST.get(key(apiUrl, username));
    }

    static void remember(String apiUrl, Session s) {
        NEWEST.merge(key(apiUrl, s.username()), s, (old, fresh) -> fresh.issuedAt().isBefore(old.issuedAt()) ? old : fresh);
    }

    private static String key(String apiUrl, String username) {
        return apiUrl + "|" + username;
    }
}
