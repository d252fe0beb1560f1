package pmgr.sandbox.proxmox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** /cluster/resources and /cluster/nextid. */
final class ClusterApi {
    private static final ParamSchema RESOURCES = ParamSchema.builder()
            .add("type", ParamSchema.Param.oneOf("vm", "storage", "node", "sdn"))
            .build();
    private static final ParamSchema NEXT_ID = ParamSchema.builder().integer("vmid", 100L, 999999999L).build();

    private final ClusterState cluster;
    private final Duration resourcesLag;

    ClusterApi(ClusterState cluster, Duration resourcesLag) {
        this.cluster = cluster;
        this.resourcesLag = resourcesLag;
    }

    void register(Router router) {
        router.add("GET", "/cluster/resources", RESOURCES, this::resources);
        router.add("GET", "/cluster/nextid", NEXT_ID, this::nextId);
    }

    private Object resources(ApiCall call) {
        String type = call.param("type");
        List<Map<String, Object>> items = new ArrayList<>();
        if (type == null || type.equals("vm")) {
            for (VmState vm : cluster.allVms()) {
                if (call.may("VM.Audit")) {
                    items.add(VmStatusView.resource(vm, cluster.now(), resourcesLag));
                }
            }
        }
        if (type == null || type.equals("node")) {
            cluster.nodes().forEach(node -> items.add(NodeApi.resource(node)));
        }
        if (type == null || type.equals("storage")) {
            for (String node : cluster.nodes()) {
                items.add(storage(node, "local", "dir", "iso,vztmpl,backup"));
                items.add(storage(node, "local-lvm", "lvmthin", "images,rootdir"));
            }
        }
        return items;
    }

    private static Map<String, Object> storage(String node, String name, String plugin, String content) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", "storage/" + node + "/" + name);
        item.put("type", "storage");
        item.put("storage", name);
        item.put("node", node);
        item.put("status", "available");
        item.put("plugintype", plugin);
        item.put("content", content);
        item.put("shared", 0);
        item.put("disk", 40L << 30);
        item.put("maxdisk", 400L << 30);
        return item;
    }

    /** A JSON string, not a number, exactly like the real API. */
    private Object nextId(ApiCall call) {
        if (call.param("vmid") != null) {
            int wanted = Integer.parseInt(call.param("vmid"));
            if (cluster.vm(wanted).isPresent()) {
                throw ApiError.param("vmid", "VM " + wanted + " already exists");
            }
            return String.valueOf(wanted);
        }
        return String.valueOf(cluster.nextFreeVmid());
    }
}
