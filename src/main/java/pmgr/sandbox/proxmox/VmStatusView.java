package pmgr.sandbox.proxmox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The three shapes a VM's status takes: list item, status/current, cluster resource. */
final class VmStatusView {
    private VmStatusView() {
    }

    /** GET /nodes/{node}/qemu item; plausible but synthetic usage numbers while running. */
    static Map<String, Object> listItem(VmState vm, long nowNanos) {
        Map<String, String> c = vm.config;
        long maxmem = ConfigValues.memoryMiB(c) * 1024 * 1024;
        long uptime = vm.uptimeSeconds(nowNanos);
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("vmid", vm.vmid);
        item.put("name", vm.name());
        item.put("status", vm.status());
        if (vm.running) {
            item.put("pid", vm.pid);
        }
        item.put("cpus", ConfigValues.cpus(c));
        item.put("maxmem", maxmem);
        item.put("mem", vm.running ? maxmem * 55 / 100 : 0);
        item.put("memhost", vm.running ? maxmem * 56 / 100 : 0);
        item.put("maxdisk", ConfigValues.bootDiskBytes(c));
        item.put("disk", 0);
        item.put("uptime", uptime);
        item.put("cpu", vm.running ? 0.0734 : 0);
        item.put("netin", vm.running ? 123456 + uptime * 16384 : 0);
        item.put("netout", vm.running ? 65432 + uptime * 8192 : 0);
        if (vm.isTemplate()) {
            item.put("template", 1);
        }
        if (vm.lock() != null) {
            item.put("lock", vm.lock());
        }
        if (c.containsKey("tags")) {
            item.put("tags", c.get("tags"));
        }
        if (vm.running) {
            item.put("pressurecpusome", 0.12);
            item.put("pressurecpufull", 0);
            item.put("pressureiosome", 0);
            item.put("pressureiofull", 0);
            item.put("pressurememorysome", 0);
            item.put("pressurememoryfull", 0);
        }
        return item;
    }

    /** The list item plus the live extras ("full=1" fields, qmpstatus, ha, agent). */
    static Map<String, Object> current(VmState vm, long nowNanos) {
        Map<String, Object> item = listItem(vm, nowNanos);
        item.put("qmpstatus", vm.status());
        item.put("diskread", vm.running ? 1234 : 0);
        item.put("diskwrite", vm.running ? 5678 : 0);
        if (vm.running) {
            item.put("running-qemu", "9.2.0");
            item.put("running-machine", "pc-i440fx-9.2+pve1");
        }
        item.put("ha", Map.of("managed", 0));
        if (vm.agentEnabled()) {
            item.put("agent", 1);
        }
        return item;
    }

    /**
     * GET /cluster/resources item. Its status comes from a periodic feed in real PVE, so within
     * {@code lag} of a power change the previous status (or "unknown" for a new VM) is shown.
     */
    static Map<String, Object> resource(VmState vm, long nowNanos, Duration lag) {
        boolean stale = nowNanos - vm.statusChangedNanos < lag.toNanos();
        String status = stale ? vm.previousStatus : vm.status();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", "qemu/" + vm.vmid);
        item.put("type", "qemu");
        item.put("vmid", vm.vmid);
        item.put("node", vm.node);
        item.put("status", status);
        if (status.equals("unknown")) {
            return item;
        }
        Map<String, Object> list = listItem(vm, nowNanos);
        item.put("name", vm.name());
        item.put("uptime", list.get("uptime"));
        item.put("template", vm.isTemplate() ? 1 : 0);
        item.put("maxcpu", list.get("cpus"));
        item.put("cpu", list.get("cpu"));
        item.put("maxmem", list.get("maxmem"));
        item.put("mem", list.get("mem"));
        item.put("memhost", list.get("memhost"));
        item.put("maxdisk", list.get("maxdisk"));
        item.put("disk", 0);
        item.put("netin", list.get("netin"));
        item.put("netout", list.get("netout"));
        item.put("diskread", vm.running ? 1234 : 0);
        item.put("diskwrite", vm.running ? 5678 : 0);
        if (vm.lock() != null) {
            item.put("lock", vm.lock());
        }
        if (list.containsKey("tags")) {
            item.put("tags", list.get("tags"));
        }
        return item;
    }
}
