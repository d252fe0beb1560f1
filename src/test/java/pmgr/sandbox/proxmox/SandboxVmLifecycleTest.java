package pmgr.sandbox.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static pmgr.sandbox.proxmox.PveTestClient.form;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pmgr.sandbox.proxmox.PveTestClient.Auth;
import pmgr.sandbox.proxmox.PveTestClient.Response;

class SandboxVmLifecycleTest {
    private static final String NODE = "keeb-dev-02";
    private static final String OTHER = "keeb-dev-03";
    private static SandboxProxmox pve;
    private static PveTestClient client;
    private static Auth auth;

    @BeforeAll
    static void start() {
        pve = SandboxProxmox.builder()
                .node(NODE).node(OTHER)
                .user("root@pam", "secret-password")
                .taskDuration(Duration.ofMillis(150))
                .build().start();
        pve.addVm(VmSpec.builder(100, "alpha").running(true).tags("game;minecraft").build());
        pve.addVm(VmSpec.builder(101, "bravo").build());
        pve.addVm(VmSpec.builder(300, "on-other-node").node(OTHER).build());
        client = new PveTestClient(pve);
        auth = client.login("root@pam", "secret-password");
    }

    @AfterAll
    static void stop() {
        pve.close();
    }

    @AfterEach
    void resetFaults() {
        pve.faults().reset();
    }

    private static String qemu(int vmid) {
        return "/nodes/" + NODE + "/qemu/" + vmid;
    }

    private static JsonNode finish(Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return client.waitForTask(NODE, r.data().asText(), auth);
    }

    @Test
    void nextIdIsAJsonStringAndRejectsTakenIds() {
        Response next = client.get("/cluster/nextid", auth);
        Response taken = client.get("/cluster/nextid?vmid=100", auth);
        Response free = client.get("/cluster/nextid?vmid=250", auth);

        assertThat(next.data().isTextual()).isTrue();
        assertThat(Integer.parseInt(next.data().asText())).isGreaterThanOrEqualTo(102);
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.json().at("/errors/vmid").asText()).isEqualTo("VM 100 already exists");
        assertThat(taken.message()).isEqualTo("Parameter verification failed.\n");
        assertThat(free.data().asText()).isEqualTo("250");
    }

    @Test
    void createRunsAsTaskAndLeavesAStoppedVmWithGeneratedMac() {
        String body = form("vmid", "120", "name", "mc-atm9", "memory", "4096", "cores", "4", "sockets", "1",
                "ostype", "l26", "agent", "1", "boot", "order=net0;scsi0", "net0", "virtio,bridge=vmbr0",
                "scsihw", "virtio-scsi-single", "smbios1", "base64=1,serial=bWMtYXRtOQ==",
                "scsi0", "local-lvm:32,format=raw");

        Response created = client.post("/nodes/" + NODE + "/qemu", body, auth);
        String upid = created.data().asText();
        JsonNode running = client.get("/nodes/" + NODE + "/tasks/" + upid + "/status", auth).data();
        assertThat(pve.vm(120).orElseThrow().lock()).isEqualTo("create");
        JsonNode done = client.waitForTask(NODE, upid, auth);

        assertThat(upid).matches("UPID:" + NODE + ":[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmcreate:120:root@pam:");
        assertThat(running.get("status").asText()).isEqualTo("running");
        assertThat(running.has("exitstatus")).isFalse();
        assertThat(done.get("exitstatus").asText()).isEqualTo("OK");
        JsonNode item = findVm(client.get("/nodes/" + NODE + "/qemu", auth).data(), 120);
        assertThat(item.get("status").asText()).isEqualTo("stopped");
        assertThat(item.get("maxmem").asLong()).isEqualTo(4096L << 20);
        assertThat(item.get("maxdisk").asLong()).isEqualTo(32L << 30);
        assertThat(item.has("lock")).isFalse();
        JsonNode config = client.get(qemu(120) + "/config", auth).data();
        assertThat(config.get("net0").asText()).matches("virtio=BC:24:11(:[0-9A-F]{2}){3},bridge=vmbr0");
        assertThat(config.get("memory").isTextual()).isTrue();
        assertThat(config.get("cores").isNumber()).isTrue();
        assertThat(config.get("scsi0").asText()).isEqualTo("local-lvm:vm-120-disk-0,format=raw,size=32G");
        assertThat(config.get("digest").asText()).matches("[0-9a-f]{40}");
    }

    @Test
    void createRejectsTakenIdsBadBooleansAndUnknownParameters() {
        Response taken = client.post("/nodes/" + NODE + "/qemu", form("vmid", "300"), auth);
        Response badBool = client.post("/nodes/" + NODE + "/qemu", form("vmid", "130", "onboot", "true"), auth);
        Response unknown = client.post("/nodes/" + NODE + "/qemu", form("vmid", "131", "foo", "1"), auth);

        assertThat(taken.status()).isEqualTo(500);
        assertThat(taken.message()).isEqualTo("unable to create VM 300 - VM 300 already exists on node '" + OTHER + "'\n");
        assertThat(badBool.status()).isEqualTo(400);
        assertThat(badBool.json().at("/errors/onboot").asText()).isEqualTo("type check ('boolean') failed - got 'true'");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/errors/foo").asText())
                .isEqualTo("property is not defined in schema and the schema does not allow additional properties");
        assertThat(pve.vm(130)).isEmpty();
    }

    @Test
    void listOrderIsNotStable() {
        for (int id = 400; id < 410; id++) {
            pve.addVm(VmSpec.builder(id, "filler-" + id).build());
        }
        List<List<Integer>> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<Integer> order = new ArrayList<>();
            client.get("/nodes/" + NODE + "/qemu", auth).data().forEach(vm -> order.add(vm.get("vmid").asInt()));
            orders.add(order);
        }

        assertThat(orders.stream().distinct().count()).isGreaterThan(1);
    }

    @Test
    void startAndStopFlipPowerWhenTheTaskFinishes() {
        JsonNode started = finish(client.post(qemu(101) + "/status/start", "", auth));
        JsonNode current = client.get(qemu(101) + "/status/current", auth).data();
        JsonNode startAgain = finish(client.post(qemu(101) + "/status/start", "", auth));
        JsonNode stopped = finish(client.post(qemu(101) + "/status/stop", "", auth));
        JsonNode stopAgain = finish(client.post(qemu(101) + "/status/stop", "", auth));

        assertThat(started.get("exitstatus").asText()).isEqualTo("OK");
        assertThat(current.get("status").asText()).isEqualTo("running");
        assertThat(current.get("qmpstatus").asText()).isEqualTo("running");
        assertThat(current.get("agent").asInt()).isEqualTo(1);
        assertThat(current.at("/ha/managed").asInt()).isZero();
        assertThat(startAgain.get("exitstatus").asText()).isEqualTo("VM 101 already running");
        assertThat(stopped.get("exitstatus").asText()).isEqualTo("OK");
        assertThat(stopAgain.get("exitstatus").asText()).isEqualTo("OK");
        assertThat(pve.vm(101).orElseThrow().running()).isFalse();
        JsonNode log = client.get("/nodes/" + NODE + "/tasks/" + startAgain.get("upid").asText() + "/log", auth).json();
        assertThat(log.at("/data/0/t").asText()).isEqualTo("TASK ERROR: VM 101 already running");
        assertThat(log.get("total").asInt()).isEqualTo(1);
    }

    @Test
    void rebootOfAStoppedVmFailsSynchronously() {
        pve.addVm(VmSpec.builder(140, "stopped-one").build());

        Response r = client.post(qemu(140) + "/status/reboot", "", auth);

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.message()).isEqualTo("VM 140 not running\n");
    }

    @Test
    void pendingBootOrderAppliesOnApiReboot() {
        pve.addVm(VmSpec.builder(141, "pxe").running(true).diskGiB(0).build());

        Response put = client.put(qemu(141) + "/config", form("boot", "order=scsi0;net0"), auth);
        JsonNode pendingView = client.get(qemu(141) + "/config", auth).data();
        JsonNode currentView = client.get(qemu(141) + "/config?current=1", auth).data();
        JsonNode rebooted = finish(client.post(qemu(141) + "/status/reboot", "", auth));

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.data().isNull()).isTrue();
        assertThat(pendingView.get("boot").asText()).isEqualTo("order=scsi0;net0");
        assertThat(currentView.get("boot").asText()).isEqualTo("order=net0");
        assertThat(rebooted.get("exitstatus").asText()).isEqualTo("OK");
        assertThat(pve.vm(141).orElseThrow().config()).containsEntry("boot", "order=scsi0;net0");
        assertThat(pve.vm(141).orElseThrow().running()).isTrue();
    }

    @Test
    void emptyConfigUpdateAndLockedVmAreRefused() {
        pve.addVm(VmSpec.builder(142, "backing-up").lock("backup").build());

        Response empty = client.put(qemu(142) + "/config", "", auth);
        Response locked = client.put(qemu(142) + "/config", form("onboot", "1"), auth);
        JsonNode start = finish(client.post(qemu(142) + "/status/start", "", auth));

        assertThat(empty.status()).isEqualTo(500);
        assertThat(empty.message()).isEqualTo("no options specified\n");
        assertThat(locked.status()).isEqualTo(500);
        assertThat(locked.message()).isEqualTo("VM is locked (backup)\n");
        assertThat(start.get("exitstatus").asText()).isEqualTo("VM is locked (backup)");
    }

    @Test
    void deleteRefusesRunningAndProtectedVmsThenDestroys() {
        pve.addVm(VmSpec.builder(150, "busy").running(true).build());
        pve.addVm(VmSpec.builder(151, "precious").protection(true).build());
        pve.addVm(VmSpec.builder(152, "doomed").build());

        Response running = client.delete(qemu(150), auth);
        Response protectedVm = client.delete(qemu(151), auth);
        Response withBody = client.send("DELETE", qemu(152), "purge=1", auth);
        JsonNode destroyed = finish(client.delete(qemu(152) + "?purge=1&destroy-unreferenced-disks=1", auth));

        assertThat(running.status()).isEqualTo(500);
        assertThat(running.message()).isEqualTo("VM 150 is running - destroy failed\n");
        assertThat(protectedVm.status()).isEqualTo(500);
        assertThat(protectedVm.message()).isEqualTo("can't remove VM 151 - protection mode enabled\n");
        assertThat(withBody.status()).isEqualTo(501);
        assertThat(withBody.message()).isEqualTo("Unexpected content for method 'DELETE'\n");
        assertThat(destroyed.get("type").asText()).isEqualTo("qmdestroy");
        assertThat(destroyed.get("exitstatus").asText()).isEqualTo("OK");
        assertThat(pve.vm(152)).isEmpty();
        assertThat(client.get(qemu(152) + "/status/current", auth).status()).isEqualTo(500);
    }

    @Test
    void shutdownHonoursTimeoutAndForceStop() {
        pve.addVm(VmSpec.builder(160, "stubborn").running(true).build());
        pve.faults().guestIgnoresShutdown(160, true);

        JsonNode timedOut = finish(client.post(qemu(160) + "/status/shutdown", form("timeout", "0"), auth));
        boolean stillRunning = pve.vm(160).orElseThrow().running();
        JsonNode forced = finish(client.post(qemu(160) + "/status/shutdown",
                form("timeout", "0", "forceStop", "1"), auth));

        assertThat(timedOut.get("exitstatus").asText()).isEqualTo("VM quit/powerdown failed - got timeout");
        assertThat(stillRunning).isTrue();
        assertThat(forced.get("exitstatus").asText()).isEqualTo("OK");
        assertThat(pve.vm(160).orElseThrow().running()).isFalse();
    }

    @Test
    void clusterResourcesListsVmsOfAllNodes() {
        JsonNode items = client.get("/cluster/resources?type=vm", auth).data();

        JsonNode alpha = findVm(items, 100);
        JsonNode other = findVm(items, 300);
        assertThat(alpha.get("id").asText()).isEqualTo("qemu/100");
        assertThat(alpha.get("type").asText()).isEqualTo("qemu");
        assertThat(alpha.get("node").asText()).isEqualTo(NODE);
        assertThat(alpha.get("status").asText()).isEqualTo("running");
        assertThat(alpha.get("tags").asText()).isEqualTo("game;minecraft");
        assertThat(alpha.get("maxcpu").asInt()).isEqualTo(2);
        assertThat(other.get("node").asText()).isEqualTo(OTHER);
        assertThat(client.get(qemu(300) + "/status/current", auth).message())
                .isEqualTo("Configuration file 'nodes/" + NODE + "/qemu-server/300.conf' does not exist\n");
        assertThat(client.get("/nodes/" + OTHER + "/qemu/300/status/current", auth).status()).isEqualTo(200);
    }

    @Test
    void taskEndpointsRejectMalformedAndUnknownUpids() {
        Response malformed = client.get("/nodes/" + NODE + "/tasks/not-a-upid/status", auth);
        Response unknown = client.get("/nodes/" + NODE + "/tasks/"
                + "UPID:" + NODE + ":0000C346:165A0CE4:68D7279C:qmstart:100:root@pam:/status", auth);

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/errors/upid").asText()).isEqualTo("unable to parse worker upid");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/errors/upid").asText()).isEqualTo("no such task");
    }

    @Test
    void setPowerFromOutsideIsVisibleAtOnce() {
        pve.addVm(VmSpec.builder(170, "web-ui").build());

        pve.setPower(170, true);

        assertThat(client.get(qemu(170) + "/status/current", auth).data().get("status").asText())
                .isEqualTo("running");
        assertThat(findVm(client.get("/nodes/" + NODE + "/qemu", auth).data(), 170).get("pid").asInt()).isPositive();
    }

    @Test
    void asyncConfigUpdateAppliesWhenItsTaskFinishes() {
        pve.addVm(VmSpec.builder(180, "tagged").build());

        JsonNode task = finish(client.post(qemu(180) + "/config", form("tags", "game;terraria", "delete", "vmgenid"),
                auth));

        assertThat(task.get("type").asText()).isEqualTo("qmconfig");
        assertThat(pve.vm(180).orElseThrow().config()).containsEntry("tags", "game;terraria")
                .doesNotContainKey("vmgenid");
    }

    @Test
    void jsonBodiesMayUseRealBooleansAndPathDuplicatesMustAgree() {
        pve.addVm(VmSpec.builder(181, "json-client").build());
        HttpJson json = new HttpJson();

        Response put = json.put(qemu(181) + "/config", "{\"onboot\":true}");
        Response conflicting = client.put(qemu(181) + "/config", form("vmid", "182", "onboot", "1"), auth);

        assertThat(put.status()).isEqualTo(200);
        assertThat(pve.vm(181).orElseThrow().config()).containsEntry("onboot", "1");
        assertThat(conflicting.status()).isEqualTo(400);
        assertThat(conflicting.json().at("/errors/vmid").asText())
                .isEqualTo("duplicate parameter (already defined in URI) with conflicting values!");
    }

    /** Sends JSON instead of a form, as newer clients may. */
    private static final class HttpJson {
        Response put(String path, String body) {
            return client.sendJson("PUT", path, body, auth);
        }
    }

    private static JsonNode findVm(JsonNode list, int vmid) {
        for (JsonNode vm : list) {
            if (vm.get("vmid").asInt() == vmid) {
                return vm;
            }
        }
        throw new AssertionError("VM " + vmid + " not in " + list);
    }
}
