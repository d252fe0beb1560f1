package pmgr.sandbox.proxmox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** VM index, create, destroy and status/current. */
final class QemuApi {
    private static final ParamSchema LIST = ParamSchema.builder().bool("full").build();
    private static final ParamSchema NONE = ParamSchema.builder().build();
    private static final ParamSchema DESTROY = ParamSchema.builder()
            .bool("purge", "destroy-unreferenced-disks", "skiplock")
            .build();
    /** Parameters that steer creation but are not written into the config. */
    private static final Set<String> CREATE_ONLY = Set.of("vmid", "start", "pool", "storage", "ha-managed", "unique",
            "archive", "bwlimit", "live-restore", "force", "import-working-storage");

    private final ClusterState cluster;

    QemuApi(ClusterState cluster) {
        this.cluster = cluster;
    }

    void register(Router router) {
        router.add("GET", "/nodes/{node}/qemu", LIST, this::list);
        router.add("POST", "/nodes/{node}/qemu", VmOptions.CREATE, this::create);
        router.add("DELETE", "/nodes/{node}/qemu/{vmid}", DESTROY, this::destroy);
        router.add("GET", "/nodes/{node}/qemu/{vmid}/status/current", NONE, this::current);
    }

    private Object list(ApiCall call) {
        cluster.requireNode(call.node());
        List<Map<String, Object>> items = new ArrayList<>();
        for (VmState vm : cluster.vmsOn(call.node())) {
            if (call.may("VM.Audit")) {
                items.add(call.flag("full") ? VmStatusView.current(vm, cluster.now())
                        : VmStatusView.listItem(vm, cluster.now()));
            }
        }
        return items;
    }

    private Object current(ApiCall call) {
        VmState vm = cluster.requireVm(call.node(), call.vmid());
        call.require(VmRules.aclPath(vm.vmid), "VM.Audit");
        return VmStatusView.current(vm, cluster.now());
    }

    /** Writes the config with "lock: create" at once; the task only clears the lock (or removes the VM). */
    private Object create(ApiCall call) {
        String node = cluster.requireNode(call.node());
        int vmid = Integer.parseInt(call.param("vmid"));
        call.require(VmRules.aclPath(vmid), "VM.Allocate");
        cluster.vm(vmid).ifPresent(existing -> {
            throw ApiError.internal("unable to create VM " + vmid + " - VM " + vmid + " already exists on node '"
                    + existing.node + "'");
        });
        VmState vm = new VmState(vmid, node, cluster.now());
        List<String> progress = new ArrayList<>();
        int diskIndex = 0;
        for (Map.Entry<String, String> e : call.params().entrySet()) {
            String key = e.getKey();
            if (CREATE_ONLY.contains(key)) {
                continue;
            }
            String value = e.getValue();
            if (VmOptions.family(key).equals("net")) {
                value = ConfigValues.normalizeNic(value, cluster::newMac);
            } else if (VmOptions.isDisk(key)) {
                String allocated = ConfigValues.allocateDisk(value, vmid, diskIndex);
                if (!allocated.equals(value)) {
                    diskIndex++;
                    progress.add(key + ": successfully created disk '" + allocated + "'");
                }
                value = allocated;
            }
            vm.config.put(key, value);
        }
        vm.config.putIfAbsent("smbios1", "uuid=" + cluster.uuid());
        vm.config.putIfAbsent("vmgenid", cluster.uuid());
        vm.config.put("lock", "create");
        vm.guestIp = cluster.nextGuestIp(vm.name());
        vm.agentReadyAfter = cluster.agentBootTime();
        cluster.register(vm);
        boolean startAfter = call.flag("start");
        TaskState task = cluster.startTask(node, "qmcreate", vmid, call.who(), null,
                () -> {
                    vm.config.remove("lock");
                    if (startAfter) {
                        cluster.powerOn(vm);
                    }
                },
                () -> cluster.remove(vmid),
                progress);
        return task.upid().toString();
    }

    private Object destroy(ApiCall call) {
        VmState vm = cluster.requireVm(call.node(), call.vmid());
        call.require(VmRules.aclPath(vm.vmid), "VM.Allocate");
        VmRules.rootOnly(call, "skiplock");
        if (vm.isProtected()) {
            throw ApiError.internal("can't remove VM " + vm.vmid + " - protection mode enabled");
        }
        if (vm.running) {
            throw ApiError.internal("VM " + vm.vmid + " is running - destroy failed");
        }
        String failure = VmRules.lockProblem(cluster, vm, call.flag("skiplock"));
        List<String> progress = new ArrayList<>();
        vm.config.forEach((key, value) -> {
            if (VmOptions.isDisk(key) && value.contains(":vm-")) {
                String volume = value.substring(value.indexOf(':') + 1).split(",")[0];
                progress.add("  Logical volume \"" + volume + "\" successfully removed.");
            }
        });
        TaskState task = cluster.startTask(vm.node, "qmdestroy", vm.vmid, call.who(), failure,
                () -> cluster.remove(vm.vmid), null, progress);
        return task.upid().toString();
    }
}
