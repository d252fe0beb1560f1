package pmgr.sandbox.proxmox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Guest-agent endpoints with PVE's error ladder: not configured, VM not running, agent not
 * answering (yet), then the result wrapped in {"result": ...}.
 */
final class AgentApi {
    private static final ParamSchema NONE = ParamSchema.builder().build();

    private final ClusterState cluster;

    AgentApi(ClusterState cluster) {
        this.cluster = cluster;
    }

    void register(Router router) {
        router.add("GET", "/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces", NONE, this::interfaces);
        router.add("POST", "/nodes/{node}/qemu/{vmid}/agent/ping", NONE, call -> {
            answeringAgent(call, "guest-ping");
            return Map.of("result", Map.of());
        });
    }

    private VmState answeringAgent(ApiCall call, String command) {
        VmState vm = cluster.requireVm(call.node(), call.vmid());
        call.require(VmRules.aclPath(vm.vmid), "VM.GuestAgent.Audit", "VM.GuestAgent.Unrestricted");
        if (!vm.agentConfigured()) {
            throw ApiError.internal("No QEMU guest agent configured");
        }
        if (!vm.running) {
            throw ApiError.internal("VM " + vm.vmid + " is not running");
        }
        if (!cluster.agentAnswering(vm)) {
            throw ApiError.internal("QEMU guest agent is not running");
        }
        if (cluster.faults().agentHangs(vm.vmid)) {
            throw ApiError.internal("VM " + vm.vmid + " qga command '" + command + "' failed - got timeout");
        }
        return vm;
    }

    private Object interfaces(ApiCall call) {
        VmState vm = answeringAgent(call, "guest-network-get-interfaces");
        List<Map<String, Object>> result = new ArrayList<>();
        long uptime = vm.uptimeSeconds(cluster.now());
        int index = 0;
        for (Nic nic : cluster.guestInterfaces(vm)) {
            result.add(render(nic, uptime, index++));
        }
        return Map.of("result", result);
    }

    private static Map<String, Object> render(Nic nic, long uptime, int index) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", nic.name());
        if (nic.hardwareAddress() != null) {
            item.put("hardware-address", nic.hardwareAddress());
        }
        if (nic.addresses() != null) {
            List<Map<String, Object>> addresses = new ArrayList<>();
            for (Nic.Address a : nic.addresses()) {
                Map<String, Object> address = new LinkedHashMap<>();
                address.put("ip-address-type", a.type());
                address.put("ip-address", a.ip());
                address.put("prefix", a.prefix());
                addresses.add(address);
            }
            item.put("ip-addresses", addresses);
        }
        long packets = 12 + uptime * (index + 1);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("rx-bytes", packets * 86);
        stats.put("rx-packets", packets);
        stats.put("rx-errs", 0);
        stats.put("rx-dropped", 0);
        stats.put("tx-bytes", packets * 64);
        stats.put("tx-packets", packets);
        stats.put("tx-errs", 0);
        stats.put("tx-dropped", 0);
        item.put("statistics", stats);
        return item;
    }
}
