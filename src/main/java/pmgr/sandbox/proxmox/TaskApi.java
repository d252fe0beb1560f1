package pmgr.sandbox.proxmox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Task status, log and abort. The UPID may arrive raw or percent-encoded. */
final class TaskApi {
    private static final ParamSchema NONE = ParamSchema.builder().build();
    private static final ParamSchema LOG = ParamSchema.builder()
            .integer("start", 0L, null)
            .integer("limit", 0L, null)
            .bool("download")
            .build();

    private final ClusterState cluster;

    TaskApi(ClusterState cluster) {
        this.cluster = cluster;
    }

    void register(Router router) {
        router.add("GET", "/nodes/{node}/tasks/{upid}", NONE,
                call -> List.of(Map.of("name", "log"), Map.of("name", "status")));
        router.add("GET", "/nodes/{node}/tasks/{upid}/status", NONE, this::status);
        router.add("GET", "/nodes/{node}/tasks/{upid}/log", LOG, this::log);
        router.add("DELETE", "/nodes/{node}/tasks/{upid}", NONE, this::abort);
    }

    private TaskState task(ApiCall call) {
        cluster.requireNode(call.node());
        String text = call.var("upid");
        Upid upid = Upid.parse(text).orElseThrow(() -> ApiError.param("upid", "unable to parse worker upid"));
        return cluster.tasks().find(text)
                .filter(t -> upid.node().equals(call.node()))
                .orElseThrow(() -> ApiError.param("upid", "no such task"));
    }

    /** No "endtime" here: that belongs to the task list, a different shape. */
    private Object status(ApiCall call) {
        TaskState task = task(call);
        Upid u = task.upid();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("upid", u.toString());
        data.put("node", u.node());
        data.put("pid", u.pid());
        data.put("pstart", u.pstart());
        data.put("starttime", u.starttime());
        data.put("type", u.type());
        data.put("id", u.id());
        data.put("user", task.tokenId() == null ? u.user() : u.user().substring(0, u.user().indexOf('!')));
        if (task.tokenId() != null) {
            data.put("tokenid", task.tokenId());
        }
        data.put("status", task.running() ? "running" : "stopped");
        if (!task.running()) {
            data.put("exitstatus", task.exitstatus());
        }
        return data;
    }

    private Object log(ApiCall call) {
        TaskState task = task(call);
        List<String> lines = task.log();
        if (lines.isEmpty()) {
            lines = List.of("no content");
        }
        int start = call.integer("start").orElse(0L).intValue();
        int limit = call.integer("limit").orElse(50L).intValue();
        int end = limit == 0 ? lines.size() : Math.min(lines.size(), start + limit);
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = start; i < end; i++) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("n", i + 1);
            line.put("t", lines.get(i));
            data.add(line);
        }
        return new Reply(data, Map.of("total", lines.size()));
    }

    private Object abort(ApiCall call) {
        task(call).fail("interrupted by signal");
        return null;
    }
}
