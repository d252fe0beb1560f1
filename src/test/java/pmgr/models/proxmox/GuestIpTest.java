package pmgr.models.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import pmgr.common.Json;
import pmgr.sandbox.proxmox.Nic;

/** Which of the guest agent's addresses is the VM's. */
class GuestIpTest {
    static final String MAC = "bc:24:11:5e:7a:01";

    static JsonNode agent(Nic... nics) {
        return agent(List.of(nics));
    }

    /** The interface list as the guest agent sends it. */
    static JsonNode agent(List<Nic> nics) {
        return Json.tree(nics.stream().map(n -> {
            var m = new java.util.LinkedHashMap<String, Object>();
            m.put("name", n.name());
            if (n.hardwareAddress() != null) {
                m.put("hardware-address", n.hardwareAddress());
            }
            if (n.addresses() != null) {
                m.put("ip-addresses", n.addresses().stream().map(a -> java.util.Map.of("ip-address-type", a.type(),
                        "ip-address", a.ip(), "prefix", a.prefix())).toList());
            }
            return m;
        }).toList());
    }

    @Test
    void theInterfaceWithNet0sMacWinsWhateverComesFirst() {
        assertThat(GuestIp.choose(agent(Nic.loopback(), Nic.docker0(), Nic.veth(), Nic.tailscale("100.101.102.103"),
                Nic.eth0(MAC, "10.0.0.50")), "BC:24:11:5E:7A:01".toLowerCase())).contains("10.0.0.50");
        assertThat(GuestIp.choose(agent(Nic.dockerTailscaleHost(MAC, "10.0.0.51", "100.64.1.2")), MAC)).contains("10.0.0.51");
        assertThat(GuestIp.choose(agent(Nic.loopback(), Nic.eth0Ipv6First(MAC, "10.0.0.52")), MAC)).contains("10.0.0.52");
    }

    @Test
    void withoutAUsableNet0AddressBridgesTunnelsAndLinkLocalAreSkipped() {
        assertThat(GuestIp.choose(agent(Nic.loopback(), Nic.docker0(), Nic.tailscale("100.101.102.103"),
                Nic.eth0LinkLocalOnly(MAC)), MAC)).isEmpty();
        assertThat(GuestIp.choose(agent(Nic.loopback(), Nic.docker0(), Nic.ethernet("ens18", "bc:24:11:00:00:02", "192.168.1.9")),
                MAC)).as("no MAC match: the first global address on a real NIC").contains("192.168.1.9");
        assertThat(GuestIp.choose(agent(Nic.windowsApipa(MAC)), null)).isEmpty();
        assertThat(GuestIp.choose(agent(Nic.loopback()), null)).isEmpty();
    }

    @Test
    void readsTheMacOutOfNet0() {
        assertThat(GuestIp.macOf("virtio=BC:24:11:5E:7A:01,bridge=vmbr0,firewall=1")).contains(MAC);
        assertThat(GuestIp.macOf("e1000=bc:24:11:5e:7a:01,bridge=vmbr0")).contains(MAC);
        assertThat(GuestIp.macOf("virtio,bridge=vmbr0")).isEmpty();
        assertThat(GuestIp.macOf(null)).isEmpty();
    }
}
