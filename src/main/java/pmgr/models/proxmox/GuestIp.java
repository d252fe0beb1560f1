package pmgr.models.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Picks a VM's address from the guest agent's interface list: the first IPv4 of the interface whose
 * MAC is net0's (the NIC Proxmox gave the VM), skipping link-local ones. Without such a match, the
 * first global IPv4 on an interface that is not loopback, a container bridge, a veth pair or a VPN
 * tunnel - never a loopback, link-local (169.254/16) or Tailscale/CGNAT (100.64/10) address.
 */
final class GuestIp {
    private static final Pattern NOT_THE_VM_NIC = Pattern.compile(
            "lo|docker\\d*|br-.*|veth.*|virbr.*|tailscale\\d*|wg\\d*|tun\\d*|cni.*|flannel.*|cali.*|kube.*|zt.*");

    private GuestIp() {
    }

    /** The MAC in a net0 value such as {@code virtio=BC:24:11:5E:7A:01,bridge=vmbr0}. */
    static Optional<String> macOf(String net0) {
        if (net0 == null) {
            return Optional.empty();
        }
        for (String part : net0.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2 && kv[1].matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
                return Optional.of(kv[1].toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    static Optional<String> choose(JsonNode interfaces, String net0Mac) {
        if (net0Mac != null) {
            for (JsonNode nic : interfaces) {
                if (net0Mac.equalsIgnoreCase(nic.path("hardware-address").asText(""))) {
                    // it is the VM's own NIC, whatever its address (the sandbox lab uses 127.0.0.x)
                    Optional<String> ip = firstIpv4(nic, true);
                    if (ip.isPresent()) {
                        return ip;
                    }
                }
            }
        }
        for (JsonNode nic : interfaces) {
            if (!NOT_THE_VM_NIC.matcher(nic.path("name").asText("")).matches()) {
                Optional<String> ip = firstIpv4(nic, false);
                if (ip.isPresent()) {
                    return ip;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> firstIpv4(JsonNode nic, boolean isNet0) {
        for (JsonNode a : nic.path("ip-addresses")) {
            String ip = a.path("ip-address").asText("");
            if ("ipv4".equals(a.path("ip-address-type").asText()) && (isNet0 ? !isLinkLocal(ip) : isGlobal(ip))) {
                return Optional.of(ip);
            }
        }
        return Optional.empty();
    }

    static boolean isGlobal(String ip) {
        int[] o = octets(ip);
        return o != null && o[0] != 0 && o[0] != 127 && o[0] < 224 && !isLinkLocal(ip)
                && !(o[0] == 100 && o[1] >= 64 && o[1] <= 127);
    }

    private static boolean isLinkLocal(String ip) {
        int[] o = octets(ip);
        return o == null || (o[0] == 169 && o[1] == 254) || o[0] == 0;
    }

    private static int[] octets(String ip) {
        String[] parts = ip.split("\\.");
        if (parts.length != 4) {
            return null;
        }
        try {
            int[] o = new int[4];
            for (int i = 0; i < 4; i++) {
                o[i] = Integer.parseInt(parts[i]);
            }
            return o;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
