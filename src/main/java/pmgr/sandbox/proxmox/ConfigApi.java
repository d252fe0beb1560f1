package pmgr.sandbox.proxmox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * GET/PUT/POST config and GET pending. On a running VM only hot-pluggable options apply at
 * once; the rest (notably "boot") waits for an API stop/start/reboot.
 */
final class ConfigApi {
    private static final ParamSchema READ = ParamSchema.builder().bool("current").string("snapshot").build();
    private static final ParamSchema NONE = ParamSchema.builder().build();
    /** Parameters that steer the update but are not config options themselves. */
    private static final Set<String> CONTROL = Set.of("delete", "revert", "digest", "skiplock", "background_delay",
            "force", "import-working-storage");
    private static final String[] CONFIG_PRIVILEGES = {"VM.Config.Disk", "VM.Config.CDROM", "VM.Config.CPU",
        "VM.Config.Memory", "VM.Config.Network", "VM.Config.HWType", "VM.Config.Options", "VM.Config.Cloudinit"};

    private final ClusterState cluster;

    ConfigApi(ClusterState cluster) {
        this.cluster = cluster;
    }

    void register(Router router) {
        router.add("GET", "/nodes/{node}/qemu/{vmid}/config", READ, this::read);
        router.add("PUT", "/nodes/{node}/qemu/{vmid}/config", VmOptions.UPDATE, call -> update(call, false));
        router.add("POST", "/nodes/{node}/qemu/{vmid}/config", VmOptions.UPDATE_ASYNC, call -> update(call, true));
        router.add("GET", "/nodes/{node}/qemu/{vmid}/pending", NONE, this::pending);
    }

    private Object read(ApiCall call) {
        VmState vm = cluster.requireVm(call.node(), call.vmid());
        call.require(VmRules.aclPath(vm.vmid), "VM.Audit");
        if (call.param("snapshot") != null) {
            throw ApiError.internal("snapshot '" + call.param("snapshot") + "' does not exist");
        }
        Map<String, String> config = call.flag("current") ? vm.config : vm.effectiveConfig();
        Map<String, Object> data = new LinkedHashMap<>();
        config.forEach((k, v) -> data.put(k, VmOptions.render(k, k.equals("cipassword") ? "**********" : v)));
        data.put("digest", digest(vm));
        return data;
    }

    private Object pending(ApiCall call) {
        VmState vm = cluster.requireVm(call.node(), call.vmid());
        call.require(VmRules.aclPath(vm.vmid), "VM.Audit");
        Set<String> keys = new TreeSet<>(vm.config.keySet());
        keys.addAll(vm.pending.keySet());
        keys.addAll(vm.pendingDelete);
        List<Map<String, Object>> items = new ArrayList<>();
        for (String key : keys) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("key", key);
            if (vm.config.containsKey(key)) {
                item.put("value", VmOptions.render(key, vm.config.get(key)));
            }
            if (vm.pending.containsKey(key)) {
                item.put("pending", VmOptions.render(key, vm.pending.get(key)));
            }
            if (vm.pendingDelete.contains(key)) {
                item.put("delete", 1);
            }
            items.add(item);
        }
        return items;
    }

    private Object update(ApiCall call, boolean async) {
        VmState vm = cluster.requireVm(call.node(), call.vmid());
        call.require(VmRules.aclPath(vm.vmid), CONFIG_PRIVILEGES);
        VmRules.rootOnly(call, "skiplock");
        Map<String, String> changes = new LinkedHashMap<>(call.params());
        changes.keySet().removeAll(CONTROL);
        Set<String> deletes = list(call.param("delete"));
        Set<String> reverts = list(call.param("revert"));
        if (changes.isEmpty() && deletes.isEmpty() && reverts.isEmpty()) {
            throw ApiError.internal("no options specified");
        }
        String digest = call.param("digest");
        if (digest != null && !digest.equals(digest(vm))) {
            throw ApiError.internal("detected modified configuration - file changed by other user? Try again.");
        }
        String lockProblem = VmRules.lockProblem(cluster, vm, call.flag("skiplock"));
        Runnable apply = () -> apply(vm, changes, deletes, reverts);
        if (!async) {
            if (lockProblem != null) {
                throw ApiError.internal(lockProblem);
            }
            apply.run();
            return null;
        }
        Duration normal = cluster.defaultTaskDuration();
        boolean quickEnough = call.integer("background_delay")
                .map(s -> Duration.ofSeconds(s).compareTo(normal) >= 0).orElse(false);
        if (quickEnough) {
            if (lockProblem != null) {
                throw ApiError.internal("failed to update VM " + vm.vmid + ": " + lockProblem);
            }
            apply.run();
            return null;
        }
        return cluster.startTask(vm.node, "qmconfig", vm.vmid, call.who(), lockProblem, apply, null, List.of())
                .upid().toString();
    }

    private void apply(VmState vm, Map<String, String> changes, Set<String> deletes, Set<String> reverts) {
        for (String key : reverts) {
            vm.pending.remove(key);
            vm.pendingDelete.remove(key);
        }
        for (String key : deletes) {
            if (vm.running && !VmOptions.isHot(key)) {
                vm.pending.remove(key);
                vm.pendingDelete.add(key);
            } else {
                vm.config.remove(key);
                vm.pending.remove(key);
            }
        }
        int diskIndex = nextDiskIndex(vm);
        for (Map.Entry<String, String> e : changes.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (VmOptions.family(key).equals("net")) {
                String oldMac = macOf(vm.effectiveConfig().get(key));
                value = ConfigValues.normalizeNic(value, () -> oldMac != null ? oldMac : cluster.newMac());
            } else if (VmOptions.isDisk(key)) {
                String allocated = ConfigValues.allocateDisk(value, vm.vmid, diskIndex);
                if (!allocated.equals(value)) {
                    diskIndex++;
                }
                value = allocated;
            }
            vm.pendingDelete.remove(key);
            if (vm.running && !VmOptions.isHot(key)) {
                vm.pending.put(key, value);
            } else {
                vm.config.put(key, value);
                vm.pending.remove(key);
            }
        }
    }

    private static String macOf(String netValue) {
        if (netValue == null) {
            return null;
        }
        int eq = netValue.indexOf('=');
        int comma = netValue.indexOf(',');
        if (eq < 0 || (comma >= 0 && comma < eq)) {
            return null;
        }
        return netValue.substring(eq + 1, comma < 0 ? netValue.length() : comma);
    }

    private static int nextDiskIndex(VmState vm) {
        int index = 0;
        for (String value : vm.effectiveConfig().values()) {
            if (value.contains(":vm-" + vm.vmid + "-disk-")) {
                index++;
            }
        }
        return index;
    }

    private static String digest(VmState vm) {
        return ConfigValues.digest(vm.config, vm.pending, vm.pendingDelete);
    }

    /** "a,b;c" or NUL-joined repeats into a set of keys. */
    private static Set<String> list(String value) {
        Set<String> keys = new LinkedHashSet<>();
        if (value != null) {
            for (String k : value.split("[,;\\s\\x00]+")) {
                if (!k.isEmpty()) {
                    keys.add(k);
                }
            }
        }
        return keys;
    }
}
