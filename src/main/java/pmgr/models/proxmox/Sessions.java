package pmgr.models.proxmox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest Proxmox session this process holds per API URL and user. A login or renewal by any
 * instance (the node's {@code auth}, or the fleet renewing on a 401) is seen by every later call, while
 * the session stored as data (wired into definitions by CEL) carries it across processes.
 */
final class Sessions {
    private static final Map<String, Session> NEWEST = new ConcurrentHashMap<>();

    private Sessions() {
    }

    static Session newest(String apiUrl, Session wired) {
        Session cached = wired == null ? null : NEWEST.get(key(apiUrl, wired.username()));
        if (cached == null) {
            return wired;
        }
        return wired == null || cached.issuedAt().isAfter(wired.issuedAt()) ? cached : wired;
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
