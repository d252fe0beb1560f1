package pmgr.models.monitoring;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import pmgr.common.Json;

/**
 * A VM as a Prometheus file_sd target: {@code <ip>:<port>} labelled {@code job=node},
 * {@code instance=<vmName>} and {@code vm=<vmName>}. The game metrics come through the same node
 * exporter, so {@code game_server_running{server=...}} carries the VM's instance label, which is how
 * the Game Servers dashboard finds the node series of a server's VM ({@code instance=~"$vm"}).
 */
final class ScrapeTarget {
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");

    private ScrapeTarget() {
    }

    /** A target address: an IPv4 address or a host name; none (a stopped VM's null IP) is refused, never written. */
    static String checkTargetIp(String targetIp, String vmName) {
        if (targetIp == null || targetIp.isBlank() || targetIp.equals("null") || targetIp.equals("undefined")) {
            throw new IllegalArgumentException("argument 'targetIp' is required: the fleet has no IP for VM '" + vmName
                    + "' (is it running? fleet.lookup records it)");
        }
        if (!pmgr.common.Addresses.isIpv4(targetIp) && !HOST_NAME.matcher(targetIp).matches()) {
            throw new IllegalArgumentException("argument 'targetIp' must be an IPv4 address or a host name, got '" + targetIp + "'");
        }
        return targetIp;
    }

    /** The target file's JSON, as Prometheus' file_sd reads it. */
    static String fileSd(String vmName, String ip, long port) {
        Map<String, Object> group = new java.util.LinkedHashMap<>();
        group.put("targets", List.of(ip + ":" + port));
        Map<String, Object> labels = new java.util.LinkedHashMap<>();
        labels.put("job", "node");
        labels.put("instance", vmName);
        labels.put("vm", vmName);
        group.put("labels", labels);
        return Json.pretty(List.of(group));
    }
}
