package pmgr.sandbox.proxmox;

/** Checks and texts shared by the VM endpoints. */
final class VmRules {
    private VmRules() {
    }

    static String aclPath(int vmid) {
        return "/vms/" + vmid;
    }

    static String lockTimeout(int vmid) {
        return "can't lock file '/var/lock/qemu-server/lock-" + vmid + ".conf' - got timeout";
    }

    /**
     * Why an operation on the VM's config would fail before doing anything: another holder of
     * the config lock (fault) or a config lock such as "backup" (unless skiplock). Null = fine.
     */
    static String lockProblem(ClusterState cluster, VmState vm, boolean skiplock) {
        if (cluster.faults().lockTimeout(vm.vmid)) {
            return lockTimeout(vm.vmid);
        }
        if (vm.lock() != null && !skiplock) {
            return "VM is locked (" + vm.lock() + ")";
        }
        return null;
    }

    /** Options PVE reserves for root@pam with a ticket; API tokens never count as root. */
    static void rootOnly(ApiCall call, String... params) {
        boolean root = "root@pam".equals(call.who().user()) && call.who().tokenId() == null;
        for (String p : params) {
            if (call.param(p) != null && !root) {
                throw ApiError.param(p, "Only root may use this option.");
            }
        }
    }
}
