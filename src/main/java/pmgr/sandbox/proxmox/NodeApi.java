package pmgr.sandbox.proxmox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** /nodes, /nodes/{node}/status and /version: static-looking host facts. */
final class NodeApi {
    private static final ParamSchema NONE = ParamSchema.builder().build();
    private static final long HOST_MEMORY = 64L << 30;
    private static final int HOST_CPUS = 16;

    private final ClusterState cluster;
    private final String fingerprint;

    NodeApi(ClusterState cluster, String fingerprint) {
        this.cluster = cluster;
        this.fingerprint = fingerprint;
    }

    void register(Router router) {
        router.add("GET", "/version", NONE, call -> Map.of("version", "9.1.1", "release", "9.1", "repoid", "42a1b3c4"));
        router.add("GET", "/nodes", NONE, this::nodes);
        router.add("GET", "/nodes/{node}/status", NONE, this::status);
    }

    static Map<String, Object> resource(String node) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", "node/" + node);
        item.put("type", "node");
        item.put("node", node);
        item.put("status", "online");
        item.put("cpu", 0.042);
        item.put("maxcpu", HOST_CPUS);
        item.put("mem", HOST_MEMORY / 4);
        item.put("maxmem", HOST_MEMORY);
        item.put("disk", 12L << 30);
        item.put("maxdisk", 100L << 30);
        item.put("uptime", 864000);
        item.put("level", "");
        return item;
    }

    private Object nodes(ApiCall call) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String node : cluster.nodes()) {
            Map<String, Object> item = resource(node);
            item.put("ssl_fingerprint", fingerprint);
            list.add(item);
        }
        return list;
    }

    private Object status(ApiCall call) {
        cluster.requireNode(call.node());
        Map<String, Object> data = new LinkedHashMap<>();
        long used = HOST_MEMORY / 4;
        data.put("memory", Map.of("total", HOST_MEMORY, "used", used, "free", HOST_MEMORY - used, "available",
                HOST_MEMORY - used));
        data.put("swap", Map.of("total", 8L << 30, "used", 0, "free", 8L << 30));
        data.put("cpu", 0.042);
        data.put("cpuinfo", Map.of("cpus", HOST_CPUS, "cores", HOST_CPUS / 2, "sockets", 1,
                "model", "AMD Ryzen 7 5800X 8-Core Processor", "mhz", "3800.000", "hvm", "1"));
        data.put("uptime", 864000);
        data.put("loadavg", List.of("0.42", "0.38", "0.35"));
        data.put("kversion", "Linux 6.14.8-2-pve #1 SMP PREEMPT_DYNAMIC PMX 6.14.8-2");
        data.put("pveversion", "pve-manager/9.1.1/42a1b3c4");
        data.put("rootfs", Map.of("total", 100L << 30, "used", 12L << 30, "free", 88L << 30, "avail", 83L << 30));
        return data;
    }
}
