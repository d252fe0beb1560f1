package pmgr.sandbox.proxmox;

import java.util.Map;
import java.util.Set;

/**
 * A read-only copy of one VM's state at the moment it was taken.
 *
 * @param status         "running" or "stopped"
 * @param lock           config lock ("create", "backup", ...) or null
 * @param config         current config (what runs now), string values as PVE stores them
 * @param pending        changes waiting for the next API stop/start/reboot
 * @param pendingDeletes keys to be removed at that point
 * @param net0Mac        upper-case MAC from net0, or null
 */
public record VmSnapshot(int vmid, String node, String name, String status, String lock,
        Map<String, String> config, Map<String, String> pending, Set<String> pendingDeletes,
        String net0Mac, long uptimeSeconds) {

    public boolean running() {
        return "running".equals(status);
    }
}
