package pmgr.sandbox.proxmox;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One VM's mutable state. Callers hold the sandbox lock. */
final class VmState {
    private static final Pattern MAC_IN_NET = Pattern.compile("=([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})");

    final int vmid;
    String node;
    /** Current config: what the running VM uses (string values, as in the .conf file). */
    final Map<String, String> config = new LinkedHashMap<>();
    final Map<String, String> pending = new LinkedHashMap<>();
    final Set<String> pendingDelete = new LinkedHashSet<>();

    boolean running;
    int pid;
    long startedNanos;
    /** Last power flip and the status before it, for cluster/resources lag. */
    long statusChangedNanos;
    String previousStatus = "unknown";

    boolean agentInstalled = true;
    Duration agentReadyAfter = Duration.ZERO;
    /** Reported guest NICs; null = lo + eth0 built from net0's MAC and {@link #guestIp}. */
    List<Nic> interfaces;
    String guestIp;

    VmState(int vmid, String node, long nowNanos) {
        this.vmid = vmid;
        this.node = node;
        this.statusChangedNanos = nowNanos;
    }

    String name() {
        return config.getOrDefault("name", "VM " + vmid);
    }

    String status() {
        return running ? "running" : "stopped";
    }

    String lock() {
        return config.get("lock");
    }

    boolean isProtected() {
        return "1".equals(config.get("protection"));
    }

    boolean isTemplate() {
        return "1".equals(config.get("template"));
    }

    /** Is the "agent" key present at all (the first rung of PVE's agent error ladder)? */
    boolean agentConfigured() {
        return config.containsKey("agent");
    }

    /** "1", "enabled=1,..." or "1,fstrim_cloned_disks=1" count as enabled. */
    boolean agentEnabled() {
        String value = config.get("agent");
        if (value == null) {
            return false;
        }
        for (String part : value.split(",")) {
            if (part.equals("1") || part.equals("enabled=1")) {
                return true;
            }
        }
        return false;
    }

    /** Upper-case MAC of net0 as stored in the config, or null. */
    String net0Mac() {
        String net0 = config.get("net0");
        if (net0 == null) {
            return null;
        }
        Matcher m = MAC_IN_NET.matcher(net0);
        return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : null;
    }

    void powerOn(long nowNanos, int newPid) {
        applyPending();
        if (!running) {
            markStatusChange(nowNanos);
        }
        running = true;
        pid = newPid;
        startedNanos = nowNanos;
    }

    void powerOff(long nowNanos) {
        applyPending();
        if (running) {
            markStatusChange(nowNanos);
        }
        running = false;
        pid = 0;
    }

    private void markStatusChange(long nowNanos) {
        previousStatus = status();
        statusChangedNanos = nowNanos;
    }

    long uptimeSeconds(long nowNanos) {
        return running ? Math.max(0, (nowNanos - startedNanos) / 1_000_000_000L) : 0;
    }

    /** Pending values win: what GET config shows by default. */
    Map<String, String> effectiveConfig() {
        Map<String, String> merged = new LinkedHashMap<>(config);
        pendingDelete.forEach(merged::remove);
        merged.putAll(pending);
        return merged;
    }

    void applyPending() {
        pendingDelete.forEach(config::remove);
        config.putAll(pending);
        pending.clear();
        pendingDelete.clear();
    }

    VmSnapshot snapshot(long nowNanos) {
        return new VmSnapshot(vmid, node, name(), status(), lock(),
                Collections.unmodifiableMap(new LinkedHashMap<>(config)),
                Collections.unmodifiableMap(new LinkedHashMap<>(pending)),
                Collections.unmodifiableSet(new LinkedHashSet<>(pendingDelete)),
                net0Mac(), uptimeSeconds(nowNanos));
    }
}
