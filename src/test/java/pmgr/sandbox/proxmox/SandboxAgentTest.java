package pmgr.sandbox.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static pmgr.sandbox.proxmox.PveTestClient.form;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pmgr.sandbox.proxmox.PveTestClient.Auth;
import pmgr.sandbox.proxmox.PveTestClient.Response;

class SandboxAgentTest {
    private static final String NODE = "keeb-dev-02";
    private static final String MAC = "bc:24:11:5e:7a:01";
    private static SandboxProxmox pve;
    private static PveTestClient client;
    private static Auth auth;

    @BeforeAll
    static void start() {
        pve = SandboxProxmox.builder()
                .node(NODE)
                .user("root@pam", "secret-password")
                .taskDuration(Duration.ofMillis(100))
                .guestIpFor(name -> name.equals("demo-mc") ? "127.0.0.2" : null)
                .build().start();
        client = new PveTestClient(pve);
        auth = client.login("root@pam", "secret-password");
    }

    @AfterAll
    static void stop() {
        pve.close();
    }

    private static String agent(int vmid) {
        return "/nodes/" + NODE + "/qemu/" + vmid + "/agent/network-get-interfaces";
    }

    @Test
    void errorLadderThenInterfacesOnceTheAgentIsUp() {
        pve.addVm(VmSpec.builder(200, "no-agent").agentEnabled(false).running(true).build());
        pve.addVm(VmSpec.builder(201, "slow-boot").agentReadyAfter(Duration.ofMillis(400))
                .interfaces(Nic.loopback(), Nic.eth0(MAC, "10.0.0.50")).build());

        Response notConfigured = client.get(agent(200), auth);
        Response stopped = client.get(agent(201), auth);
        String upid = client.post("/nodes/" + NODE + "/qemu/201/status/start", "", auth).data().asText();
        client.waitForTask(NODE, upid, auth);
        Response booting = client.get(agent(201), auth);
        PveTestClient.sleep(450);
        Response ready = client.get(agent(201), auth);

        assertThat(notConfigured.status()).isEqualTo(500);
        assertThat(notConfigured.message()).isEqualTo("No QEMU guest agent configured\n");
        assertThat(stopped.message()).isEqualTo("VM 201 is not running\n");
        assertThat(booting.message()).isEqualTo("QEMU guest agent is not running\n");
        assertThat(ready.status()).isEqualTo(200);
        JsonNode eth0 = ready.data().get("result").get(1);
        assertThat(eth0.get("name").asText()).isEqualTo("eth0");
        assertThat(eth0.get("hardware-address").asText()).isEqualTo(MAC);
        assertThat(eth0.at("/ip-addresses/0/ip-address").asText()).isEqualTo("10.0.0.50");
        assertThat(eth0.at("/ip-addresses/0/ip-address-type").asText()).isEqualTo("ipv4");
        assertThat(eth0.at("/ip-addresses/0/prefix").asInt()).isEqualTo(24);
        assertThat(eth0.at("/ip-addresses/1/ip-address").asText()).isEqualTo("fe80::be24:11ff:fe5e:7a01");
        assertThat(pve.vm(201).orElseThrow().config().get("net0")).isEqualTo("virtio=BC:24:11:5E:7A:01,bridge=vmbr0");
    }

    @Test
    void dockerTailscaleHostReportsEveryInterfaceTunnelWithoutMac() {
        pve.addVm(VmSpec.builder(210, "terraria").running(true)
                .interfaces(Nic.dockerTailscaleHost(MAC.replace("01", "02"), "10.0.0.51", "100.101.102.103"))
                .build());

        JsonNode result = client.get(agent(210), auth).data().get("result");

        List<String> names = new ArrayList<>();
        result.forEach(nic -> names.add(nic.get("name").asText()));
        assertThat(names).startsWith("lo", "eth0", "docker0").contains("tailscale0");
        JsonNode tailscale = result.get(names.indexOf("tailscale0"));
        assertThat(tailscale.has("hardware-address")).isFalse();
        assertThat(tailscale.at("/ip-addresses/0/ip-address").asText()).isEqualTo("100.101.102.103");
        assertThat(result.get(names.indexOf("docker0")).at("/ip-addresses/0/ip-address").asText())
                .isEqualTo("172.17.0.1");
        assertThat(pve.vm(210).orElseThrow().net0Mac()).isEqualTo("BC:24:11:5E:7A:02");
    }

    @Test
    void apiCreatedVmReportsLoAndEth0WithNet0MacAndHookedIp() {
        String upid = client.post("/nodes/" + NODE + "/qemu", form("vmid", "220", "name", "demo-mc", "agent", "1",
                "net0", "virtio,bridge=vmbr0", "start", "1"), auth).data().asText();
        client.waitForTask(NODE, upid, auth);

        JsonNode result = client.get(agent(220), auth).data().get("result");

        String net0Mac = pve.vm(220).orElseThrow().net0Mac();
        assertThat(result).hasSize(2);
        assertThat(result.get(0).get("name").asText()).isEqualTo("lo");
        assertThat(result.get(1).get("hardware-address").asText()).isEqualToIgnoringCase(net0Mac);
        assertThat(result.get(1).at("/ip-addresses/0/ip-address").asText()).isEqualTo("127.0.0.2");
    }

    @Test
    void agentFaultsOverrideAReadyAgent() {
        pve.addVm(VmSpec.builder(230, "flaky").running(true).build());

        pve.faults().agentNotRunning(230, true);
        Response silent = client.get(agent(230), auth);
        pve.faults().agentNotRunning(230, false);
        pve.faults().agentHangs(230, true);
        Response hung = client.get(agent(230), auth);
        pve.faults().agentHangs(230, false);
        Response fine = client.get(agent(230), auth);

        assertThat(silent.message()).isEqualTo("QEMU guest agent is not running\n");
        assertThat(hung.message()).isEqualTo("VM 230 qga command 'guest-network-get-interfaces' failed - got timeout\n");
        assertThat(fine.status()).isEqualTo(200);
        assertThat(fine.data().at("/result/1/ip-addresses/0/ip-address").asText()).startsWith("10.0.0.");
    }

    @Test
    void interfacePresetsHaveTheRightShape() {
        assertThat(Nic.linkLocal("BC:24:11:5E:7A:01")).isEqualTo("fe80::be24:11ff:fe5e:7a01");
        assertThat(Nic.eth0LinkLocalOnly(MAC).addresses()).extracting(Nic.Address::type).containsExactly("ipv6");
        assertThat(Nic.eth0Ipv6First(MAC, "10.0.0.9").addresses().get(0).type()).isEqualTo("ipv6");
        assertThat(Nic.veth().name()).startsWith("veth");
        assertThat(Nic.windowsApipa(MAC).addresses().get(1).ip()).startsWith("169.254.");
        assertThat(Nic.eth0("BC:24:11:AA:BB:CC", "10.0.0.1").hardwareAddress()).isEqualTo("bc:24:11:aa:bb:cc");
    }
}
