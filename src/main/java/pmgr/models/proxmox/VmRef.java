package pmgr.models.proxmox;

/** Where a VM is: its id, name and the cluster node that holds it. */
record VmRef(long vmid, String name, String node, String status) {

    String path() {
        return "/nodes/" + node + "/qemu/" + vmid;
    }
}
