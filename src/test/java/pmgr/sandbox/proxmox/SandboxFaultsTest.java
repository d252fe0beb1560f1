package pmgr.sandbox.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static pmgr.sandbox.proxmox.PveTestClient.form;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pmgr.sandbox.proxmox.PveTestClient.Auth;
import pmgr.sandbox.proxmox.PveTestClient.Response;

class SandboxFaultsTest {
    private static final String NODE = "keeb-dev-02";
    private static SandboxProxmox pve;
    private static PveTestClient client;
    private static Auth auth;

    @BeforeAll
    static void start() {
        pve = SandboxProxmox.builder()
                .node(NODE)
                .user("root@pam", "secret-password")
                .taskDuration(Duration.ofMillis(100))
                .unauthorizedDelay(Duration.ofMillis(300))
                .resourcesLag(Duration.ofMillis(400))
                .build().start();
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

    @Test
    void failNextTaskFailsExactlyOneTaskOfThatType() {
        pve.addVm(VmSpec.builder(500, "crashy").build());
        pve.faults().failNextTask("qmstart", "start failed: QEMU exited with code 1");

        JsonNode first = client.waitForTask(NODE, client.post(qemu(500) + "/status/start", "", auth).data().asText(), auth);
        boolean runningAfterFailure = pve.vm(500).orElseThrow().running();
        JsonNode second = client.waitForTask(NODE, client.post(qemu(500) + "/status/start", "", auth).data().asText(), auth);

        assertThat(first.get("exitstatus").asText()).isEqualTo("start failed: QEMU exited with code 1");
        assertThat(runningAfterFailure).isFalse();
        assertThat(second.get("exitstatus").asText()).isEqualTo("OK");
    }

    @Test
    void serverErrorAnswersTheNextMatchingRequests() {
        pve.faults().serverError("/qemu$", 596, "Connection timed out", 2);

        Response first = client.get("/nodes/" + NODE + "/qemu", auth);
        Response unrelated = client.get("/cluster/nextid", auth);
        Response second = client.get("/nodes/" + NODE + "/qemu", auth);
        Response third = client.get("/nodes/" + NODE + "/qemu", auth);

        assertThat(first.status()).isEqualTo(596);
        assertThat(first.message()).isEqualTo("Connection timed out\n");
        assertThat(unrelated.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(596);
        assertThat(third.status()).isEqualTo(200);
    }

    @Test
    void lockTimeoutFailsConfigUpdatesAndPowerTasks() {
        pve.addVm(VmSpec.builder(510, "contended").build());
        pve.faults().lockTimeout(510, true);

        Response put = client.put(qemu(510) + "/config", form("onboot", "1"), auth);
        JsonNode start = client.waitForTask(NODE, client.post(qemu(510) + "/status/start", "", auth).data().asText(), auth);

        String expected = "can't lock file '/var/lock/qemu-server/lock-510.conf' - got timeout";
        assertThat(put.status()).isEqualTo(500);
        assertThat(put.message()).isEqualTo(expected + "\n");
        assertThat(start.get("exitstatus").asText()).isEqualTo(expected);
    }

    @Test
    void slowTasksKeepTasksRunning() {
        pve.addVm(VmSpec.builder(520, "sluggish").build());
        pve.faults().slowTasks(Duration.ofDays(1));

        String upid = client.post(qemu(520) + "/status/start", "", auth).data().asText();
        PveTestClient.sleep(250);
        JsonNode status = client.get("/nodes/" + NODE + "/tasks/" + upid + "/status", auth).data();
        JsonNode log = client.get("/nodes/" + NODE + "/tasks/" + upid + "/log", auth).json();

        assertThat(status.get("status").asText()).isEqualTo("running");
        assertThat(log.at("/data/0/t").asText()).isEqualTo("no content");
        assertThat(pve.vm(520).orElseThrow().running()).isFalse();
    }

    @Test
    void unauthorizedAnswersAreDelayed() {
        long before = System.nanoTime();
        Response r = client.get("/nodes/" + NODE + "/qemu", Auth.none());
        long millis = (System.nanoTime() - before) / 1_000_000;

        assertThat(r.status()).isEqualTo(401);
        assertThat(millis).isGreaterThanOrEqualTo(280);
    }

    @Test
    void deniedPrivilegeGives403AndEmptiesLists() {
        pve.addVm(VmSpec.builder(530, "guarded").build());
        pve.faults().denyPrivilege("VM.PowerMgmt", true);
        pve.faults().denyPrivilege("VM.Audit", true);

        Response start = client.post(qemu(530) + "/status/start", "", auth);
        Response list = client.get("/nodes/" + NODE + "/qemu", auth);

        assertThat(start.status()).isEqualTo(403);
        assertThat(start.message()).isEqualTo("Permission check failed (/vms/530, VM.PowerMgmt)\n");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.data()).isEmpty();
    }

    @Test
    void clusterResourcesLagsBehindPowerChanges() {
        pve.addVm(VmSpec.builder(540, "laggy").build());

        pve.setPower(540, true);
        String before = statusInResources(540);
        PveTestClient.sleep(450);
        String after = statusInResources(540);

        assertThat(before).isEqualTo("stopped");
        assertThat(after).isEqualTo("running");
        assertThat(client.get(qemu(540) + "/status/current", auth).data().get("status").asText()).isEqualTo("running");
    }

    @Test
    void legacyModeOmitsTheMessageField() throws Exception {
        try (SandboxProxmox legacy = SandboxProxmox.builder().node("old-pve").user("root@pam", "pw")
                .legacyErrors(true).build().start()) {
            PveTestClient old = new PveTestClient(legacy);
            Auth a = old.login("root@pam", "pw");

            Response missing = old.get("/nodes/old-pve/qemu/999/status/current", a);
            Response badParam = old.get("/cluster/nextid?vmid=abc", a);
            String statusLine = RawHttps.statusLine(legacy, "GET", "/api2/json/nodes/old-pve/qemu/999/config",
                    "Cookie: " + a.cookie() + "\r\n");

            assertThat(missing.status()).isEqualTo(500);
            assertThat(missing.body()).isEqualTo("{\"data\":null}");
            assertThat(badParam.status()).isEqualTo(400);
            assertThat(badParam.json().has("message")).isFalse();
            assertThat(badParam.json().at("/errors/vmid").asText()).isEqualTo("type check ('integer') failed - got 'abc'");
            assertThat(statusLine).isEqualTo(
                    "HTTP/1.1 500 Configuration file 'nodes/old-pve/qemu-server/999.conf' does not exist");
        }
    }

    private static String statusInResources(int vmid) {
        for (JsonNode item : client.get("/cluster/resources?type=vm", auth).data()) {
            if (item.get("vmid").asInt() == vmid) {
                return item.get("status").asText();
            }
        }
        throw new AssertionError("no resource for " + vmid);
    }
}
