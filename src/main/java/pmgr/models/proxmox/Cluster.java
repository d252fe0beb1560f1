package pmgr.models.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pmgr.common.Poll;

/**
 * What the fleet needs from a Proxmox cluster: VMs by name with the node holding each, their live
 * state and config, waiting for tasks, and waiting for a guest's IP. Every wait is bounded and says
 * what it waited for when it gives up.
 */
final class Cluster {
    /** A task can be briefly unknown right after it was created ("no such task"). */
    private static final Duration UNKNOWN_TASK_GRACE = Duration.ofSeconds(5);

    private final ProxmoxApi api;
    private final Duration poll;
    private final Duration taskTimeout;

    Cluster(ProxmoxApi api, Duration poll, Duration taskTimeout) {
        this.api = api;
        this.poll = poll;
        this.taskTimeout = taskTimeout;
    }

    ProxmoxApi api() {
        return api;
    }

    /** Every QEMU VM of the cluster, by vmid (the API's order is random). */
    List<VmRef> vms() {
        List<VmRef> out = new ArrayList<>();
        for (JsonNode r : api.get("/cluster/resources", Map.of("type", "vm"))) {
            if ("qemu".equals(r.path("type").asText())) {
                out.add(new VmRef(number(r.path("vmid")), r.path("name").asText("vm-" + r.path("vmid").asText()),
                        r.path("node").asText(), r.path("status").asText()));
            }
        }
        out.sort(Comparator.comparingLong(VmRef::vmid));
        return out;
    }

    /** The one VM with this exact name; an unknown or ambiguous name is an error listing what exists. */
    VmRef find(String name) {
        List<VmRef> all = vms();
        List<VmRef> named = all.stream().filter(v -> v.name().equals(name)).toList();
        if (named.isEmpty()) {
            throw new IllegalArgumentException("VM \"" + name + "\" not found. Available: "
                    + String.join(", ", all.stream().map(VmRef::name).distinct().toList()));
        }
        if (named.size() > 1) {
            throw new IllegalStateException("VM name \"" + name + "\" is ambiguous: "
                    + String.join(", ", named.stream().map(v -> "vmid " + v.vmid() + " on " + v.node()).toList())
                    + "; rename one in Proxmox");
        }
        return named.get(0);
    }

    /** Live state ({@code status/current}): the truth, unlike the lagging cluster list. */
    JsonNode current(VmRef vm) {
        return api.get(vm.path() + "/status/current", Map.of());
    }

    Map<String, String> config(VmRef vm) {
        Map<String, String> out = new LinkedHashMap<>();
        api.get(vm.path() + "/config", Map.of()).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Waits (bounded) for a task to end; returns its exit status, throws with the log tail on failure. */
    String awaitTask(String upid, String what) throws InterruptedException {
        String node = upid.startsWith("UPID:") ? upid.split(":")[1] : null;
        if (node == null) {
            throw new ProxmoxApiException(0, what + ": the API returned no task id (got '" + upid + "')");
        }
        String path = "/nodes/" + node + "/tasks/" + ProxmoxApi.segment(upid);
        Instant start = Instant.now();
        Optional<String> exit = Poll.within(taskTimeout, poll).until(() -> {
            JsonNode status;
            try {
                status = api.get(path + "/status", Map.of());
            } catch (ProxmoxApiException e) {
                if (e.status() == 400 && Instant.now().isBefore(start.plus(UNKNOWN_TASK_GRACE))) {
                    return Optional.empty(); // a task the node does not list yet
                }
                throw e;
            }
            if (!"stopped".equals(status.path("status").asText())) {
                return Optional.empty();
            }
            String exitStatus = status.path("exitstatus").asText("");
            if (exitStatus.equals("OK") || exitStatus.startsWith("WARNINGS")) {
                return Optional.of(exitStatus);
            }
            throw new ProxmoxApiException(500, what + " failed: " + exitStatus + logTail(path));
        });
        return exit.orElseThrow(() -> new ProxmoxApiException(0, what + ": Proxmox task " + upid + " did not finish within "
                + taskTimeout.toSeconds() + "s (still running; see the node's task log)"));
    }

    private String logTail(String taskPath) {
        try {
            List<String> lines = new ArrayList<>();
            api.get(taskPath + "/log", Map.of("start", 0, "limit", 0)).forEach(l -> lines.add(l.path("t").asText()));
            List<String> tail = lines.subList(Math.max(0, lines.size() - 3), lines.size());
            return tail.isEmpty() ? "" : " (task log: " + String.join(" | ", tail) + ")";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * Waits (bounded) until the guest agent reports a usable IPv4 for the VM's net0 NIC. Returns
     * empty when the time is up; {@code lastProblem} then says what the agent last answered.
     */
    Optional<String> awaitIp(VmRef vm, Duration wait, StringBuilder lastProblem) throws InterruptedException {
        String mac = GuestIp.macOf(config(vm).get("net0")).orElse(null);
        return Poll.within(wait, poll).until(() -> {
            try {
                JsonNode result = api.get(vm.path() + "/agent/network-get-interfaces", Map.of()).path("result");
                Optional<String> ip = GuestIp.choose(result, mac);
                if (ip.isEmpty()) {
                    set(lastProblem, "the agent reported no usable IPv4 address yet");
                }
                return ip;
            } catch (ProxmoxApiException e) {
                set(lastProblem, e.getMessage().replaceFirst("^GET \\S+: ", ""));
                return Optional.empty();
            }
        });
    }

    private static void set(StringBuilder sb, String text) {
        sb.setLength(0);
        sb.append(text);
    }

    static long number(JsonNode n) {
        return n.isNumber() ? n.asLong() : Long.parseLong(n.asText().trim());
    }
}
