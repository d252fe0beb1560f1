package pmgr.models.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.common.Json;
import pmgr.engine.ArgumentException;
import pmgr.sandbox.SandboxLab;
import pmgr.sandbox.proxmox.Request;
import pmgr.sandbox.proxmox.VmSpec;
import pmgr.store.ResourceVersion;
import pmgr.store.RunRecord;
import pmgr.testing.Cli;
import pmgr.testing.Lab;

/**
 * The shipped fleet definitions and VM workflows, end to end through the CLI and HTTP, over real
 * HTTPS (camel-http) against the sandbox Proxmox node.
 */
class FleetEndToEndTest {
    @TempDir
    static Path dir;
    static Lab lab;

    @BeforeAll
    static void start() {
        lab = Lab.start(dir, SandboxLab.Options.fast());
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    private static Map<String, Object> vm(String name) {
        return lab.engine.store().latest("fleet", "vm", name).orElseThrow().attributes();
    }

    private static long logins() {
        return lab.sandbox.proxmox().journal().stream()
                .filter(r -> r.method().equals("POST") && r.apiPath().equals("/access/ticket")).count();
    }

    @Test
    void syncFleetRecordsEveryVmWithItsNodeAndTheRightIp() throws Exception {
        Cli.Result r = lab.cli("workflow", "run", "sync-fleet");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("> sync-fleet: List all QEMU VMs and write per-VM named resources")
                .doesNotContain("> auth");
        assertThat(r.out()).containsPattern("Complete: \\d+ VMs synced");
        assertThat(vm("allthemons")).containsEntry("vmid", 108L).containsEntry("node", SandboxLab.NODE)
                .containsEntry("status", "running").containsEntry("ip", "127.0.0.2").containsEntry("memory", 16384L);
        // docker0, veth and tailscale0 come before eth0 on calamity: the IP is still eth0's (net0's MAC)
        assertThat(vm("calamity")).containsEntry("ip", "127.0.0.4");
        assertThat(vm("gold-image")).containsEntry("status", "stopped").containsEntry("ip", null);
        JsonNode list = Json.MAPPER.readTree(lab.cli("data", "list", "fleet", "--json").out());
        assertThat(list).extracting(d -> d.path("name").asText()).contains("allthemons", "calamity", "gold-image", "infinity", "slate");
    }

    @Test
    void runsLogInOnceAndWriteNoSessionData() {
        assertThat(lab.run("sync-fleet", Map.of()).status()).isEqualTo("SUCCEEDED");
        long loginsBefore = logins();
        for (int i = 0; i < 3; i++) {
            assertThat(lab.run("sync-fleet", Map.of()).status()).isEqualTo("SUCCEEDED");
        }
        assertThat(logins()).as("the process's ticket is reused").isEqualTo(loginsBefore);
        assertThat(lab.engine.store().latestAll("keebDev02")).as("no run writes a ticket version").isEmpty();
        // the node's own auth method still logs in and records it, sealed: never shown
        assertThat(lab.method("keebDev02", "auth", Map.of()).status()).isEqualTo("SUCCEEDED");
        assertThat(lab.cli("data", "get", "keebDev02", "node").out()).contains("\"ticket\" : \"***\"").doesNotContain("PVE:");
    }

    @Test
    void startAndStopAreIdempotentAndStartWaitsForTheIp() throws Exception {
        RunRecord first = lab.run("start-vm", Map.of("vmName", "gold-image"));
        assertThat(first.status()).as(first.error()).isEqualTo("SUCCEEDED");
        assertThat(vm("gold-image")).containsEntry("status", "running").containsEntry("ip", "127.0.0.6")
                .containsEntry("wasStarted", true);
        // the same over HTTP, waiting for the outcome
        HttpReply again = HttpReply.post(lab, "/api/workflows/start-vm/runs?wait=true", "{\"vmName\":\"gold-image\"}");
        assertThat(again.body().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(vm("gold-image")).containsEntry("wasStarted", false);
        assertThat(again.body().path("steps").get(0).path("logs").toString()).contains("VM is already running");

        assertThat(lab.run("stop-vm", Map.of("vmName", "gold-image", "vmid", 109)).status()).isEqualTo("SUCCEEDED");
        assertThat(lab.sandbox.proxmox().vm(109).orElseThrow().running()).isFalse();
        RunRecord stoppedAgain = lab.run("stop-vm", Map.of("vmName", "gold-image"));
        assertThat(stoppedAgain.status()).isEqualTo("SUCCEEDED");
        assertThat(stoppedAgain.logs()).extracting(RunRecord.LogLine::line).contains("VM is already stopped");
    }

    @Test
    void theLifecycleTestLeavesEveryVersionInOrder() {
        RunRecord r = lab.run("vm-lifecycle-test", Map.of());
        assertThat(r.status()).as(r.error()).isEqualTo("SUCCEEDED");
        assertThat(r.steps()).extracting(RunRecord.StepRecord::stepId, RunRecord.StepRecord::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("create-vm", "SUCCEEDED"),
                org.assertj.core.groups.Tuple.tuple("start-vm", "SUCCEEDED"), org.assertj.core.groups.Tuple.tuple("stop-vm", "SUCCEEDED"),
                org.assertj.core.groups.Tuple.tuple("delete-vm", "SUCCEEDED"), org.assertj.core.groups.Tuple.tuple("cleanup", "SKIPPED"));
        List<ResourceVersion> history = lab.engine.store().history("fleet", "vm", "test-lifecycle-vm");
        List<ResourceVersion> thisRun = history.stream().filter(v -> r.id().equals(v.runId())).toList();
        assertThat(thisRun).extracting(v -> v.method() + ":" + v.attributes().get("status") + "@" + v.step())
                .containsExactly("create:stopped@create-vm", "start:running@start-vm", "stop:stopped@stop-vm", "delete:deleted@delete-vm");
        assertThat(thisRun).extracting(ResourceVersion::version).isSorted();
        long vmid = (Long) thisRun.get(0).attributes().get("vmid");
        assertThat(thisRun).allSatisfy(v -> assertThat(v.attributes()).containsEntry("vmid", vmid));
        assertThat(lab.sandbox.proxmox().vm((int) vmid)).isEmpty();
        Cli.Result cli = lab.cli("data", "versions", "fleet", "test-lifecycle-vm", "--json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(json(cli.out()).path("versions").size()).isEqualTo(history.size());
    }

    @Test
    void aFailedTestRunStillCleansUpItsVm() {
        lab.sandbox.proxmox().faults().failNextTask("qmstart", "start failed: QEMU exited with code 1");
        RunRecord r = lab.run("guest-agent-test", Map.of());
        assertThat(r.status()).isEqualTo("FAILED");
        assertThat(r.error()).contains("starting VM \"test-guest-agent-vm\"", "failed: start failed: QEMU exited with code 1");
        assertThat(r.steps()).extracting(s -> s.stepId() + "=" + s.status())
                .containsExactly("create-vm=SUCCEEDED", "start-vm=FAILED", "cleanup=SUCCEEDED",
                        "stop-vm=SKIPPED", "delete-vm=SKIPPED");
        assertThat(lab.sandbox.proxmox().vms()).noneMatch(v -> v.name().equals("test-guest-agent-vm"));
        // and a clean run passes
        assertThat(lab.run("guest-agent-test", Map.of()).status()).isEqualTo("SUCCEEDED");
    }

    @Test
    void deleteIsRefusedOnAVmidMismatchAndOnProtection() {
        lab.sandbox.proxmox().addVm(VmSpec.builder(150, "precious").running(false).protection(true).build());
        int before = lab.sandbox.proxmox().journal().size();
        RunRecord wrongId = lab.run("delete-vm", Map.of("vmName", "slate", "vmid", 999));
        assertThat(wrongId.status()).isEqualTo("FAILED");
        assertThat(wrongId.error()).isEqualTo("fleet.delete: refused to delete VM \"slate\": it has vmid 100 (on "
                + SandboxLab.NODE + "), but vmid 999 was expected");
        RunRecord protectedVm = lab.run("delete-vm", Map.of("vmName", "precious", "vmid", 150));
        assertThat(protectedVm.error()).contains("refused to delete VM \"precious\" (vmid 150): it is protected");
        assertThat(lab.sandbox.proxmox().vm(100)).isPresent();
        assertThat(lab.sandbox.proxmox().vm(150)).isPresent();
        assertThat(lab.sandbox.proxmox().journal().subList(before, lab.sandbox.proxmox().journal().size()))
                .noneMatch(r -> r.method().equals("DELETE")).noneMatch(r -> r.path().endsWith("/status/stop"));
        Cli.Result noVmid = lab.cli("workflow", "run", "delete-vm", "--input", "vmName=slate");
        assertThat(noVmid.exitCode()).isEqualTo(2);
        assertThat(noVmid.err()).contains("input 'vmid' is required");
    }

    @Test
    void anExpiredTicketIsRenewedOnceAndTheCallRetried() {
        assertThat(lab.run("sync-fleet", Map.of()).status()).isEqualTo("SUCCEEDED");
        long loginsBefore = logins();
        lab.sandbox.proxmox().faults().expireAllTickets();
        // the fleet's ticket is refused: it logs in again with the password and retries
        RunRecord r = lab.method("fleet", "lookup", Map.of("vmName", "slate"));
        assertThat(r.status()).as(r.error()).isEqualTo("SUCCEEDED");
        assertThat(r.logs()).extracting(RunRecord.LogLine::line).anySatisfy(l -> assertThat(l).startsWith("renewing the Proxmox ticket (the API answered 401"));
        assertThat(logins()).isEqualTo(loginsBefore + 1);
        assertThat(vm("slate")).containsEntry("ip", "127.0.0.5");
    }

    @Test
    void aGuestAgentThatNeverAnswersFailsClearlyWithinItsBound() {
        lab.sandbox.proxmox().addVm(VmSpec.builder(160, "mute").running(false).agentInstalled(false).build());
        Instant t0 = Instant.now();
        RunRecord r = lab.run("start-vm", Map.of("vmName", "mute", "waitSeconds", 2));
        assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(r.status()).isEqualTo("FAILED");
        assertThat(r.error()).isEqualTo("fleet.start: VM \"mute\" (vmid 160) is running but the guest agent gave no usable IPv4 within 2s"
                + " (last answer: 500 QEMU guest agent is not running). Is qemu-guest-agent installed and the agent enabled?");
    }

    @Test
    void aFailedTaskSurfacesProxmoxsMessage() {
        lab.sandbox.proxmox().addVm(VmSpec.builder(170, "flaky").running(false).build());
        lab.sandbox.proxmox().faults().failNextTask("qmstart", "start failed: QEMU exited with code 1");
        RunRecord r = lab.run("start-vm", Map.of("vmName", "flaky"));
        assertThat(r.error()).startsWith("fleet.start: starting VM \"flaky\" (vmid 170) failed: start failed: QEMU exited with code 1");
        lab.sandbox.proxmox().faults().serverError("/cluster/resources", 596, "Connection timed out", 1);
        RunRecord unreachable = lab.method("fleet", "lookup", Map.of("vmName", "flaky"));
        assertThat(unreachable.error()).isEqualTo("fleet.lookup: GET /cluster/resources: 596 Connection timed out");
    }

    @Test
    void unknownVmNamesListWhatExists() {
        RunRecord r = lab.method("fleet", "lookup", Map.of("vmName", "nope"));
        assertThat(r.error()).startsWith("fleet.lookup: VM \"nope\" not found. Available: slate, tftp-server, calamity, allthemons");
        // a bad name is refused before anything runs or is recorded
        ArgumentException bad = catchThrowableOfType(ArgumentException.class,
                () -> lab.engine.runner().startMethod("fleet", "lookup", Map.of("vmName", "bad name; rm -rf /"), "test"));
        assertThat(bad.getMessage()).isEqualTo("fleet.lookup arguments: argument 'vmName' must be a DNS-style VM name (letters, digits, '-' and '.'), got 'bad name; rm -rf /'");
    }

    @Test
    void callsCarryTheCsrfTokenOnlyWhenNeeded() {
        lab.sandbox.proxmox().addVm(VmSpec.builder(180, "csrf-check").running(false).build());
        lab.sandbox.proxmox().clearJournal();
        assertThat(lab.run("start-vm", Map.of("vmName", "csrf-check")).status()).isEqualTo("SUCCEEDED");
        assertThat(lab.run("stop-vm", Map.of("vmName", "csrf-check")).status()).isEqualTo("SUCCEEDED");
        List<Request> journal = lab.sandbox.proxmox().journal();
        assertThat(journal).filteredOn(r -> r.auth() == Request.AuthKind.TICKET && !r.method().equals("GET")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.csrfPresent()).isTrue());
        assertThat(journal).filteredOn(r -> r.method().equals("GET")).allSatisfy(r -> assertThat(r.csrfPresent()).isFalse());
        assertThat(journal).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isLessThan(400));
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(text, e);
        }
    }

    /** A call to the lab's HTTP API with its token. */
    record HttpReply(int status, JsonNode body) {
        static HttpReply post(Lab lab, String path, String body) throws Exception {
            String token = java.nio.file.Files.readString(lab.home.resolve("data/api-token")).trim();
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(lab.server.url() + path)).header("Authorization", "Bearer " + token)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new HttpReply(response.statusCode(), json(response.body()));
        }
    }

    @Test
    void shutdownIsGracefulOrFallsBackToAHardStopWithinItsBound() {
        lab.sandbox.proxmox().addVm(VmSpec.builder(190, "polite").running(true).build());
        RunRecord graceful = lab.method("fleet", "shutdown", Map.of("vmName", "polite", "vmid", 190, "timeoutSeconds", 5));
        assertThat(graceful.status()).as(graceful.error()).isEqualTo("SUCCEEDED");
        assertThat(vm("polite")).containsEntry("status", "stopped").containsEntry("graceful", true);

        lab.sandbox.proxmox().addVm(VmSpec.builder(191, "stubborn").running(true).build());
        lab.sandbox.proxmox().faults().guestIgnoresShutdown(191, true);
        Instant t0 = Instant.now();
        RunRecord forced = lab.method("fleet", "shutdown", Map.of("vmName", "stubborn", "timeoutSeconds", 1));
        assertThat(forced.status()).as(forced.error()).isEqualTo("SUCCEEDED");
        assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(forced.logs()).extracting(RunRecord.LogLine::line)
                .anySatisfy(l -> assertThat(l).startsWith("Graceful shutdown did not complete").endsWith("stopping hard"))
                .contains("VM 191 stopped");
        assertThat(vm("stubborn")).containsEntry("graceful", false);
        assertThat(lab.sandbox.proxmox().vm(191).orElseThrow().running()).isFalse();
    }

    @Test
    void bootOrderAndConfigChangesReachTheVmAndCreateRefusesADuplicateName() {
        lab.sandbox.proxmox().addVm(VmSpec.builder(195, "configurable").running(false).build());
        assertThat(lab.method("fleet", "setBootOrder", Map.of("vmName", "configurable", "boot", "order=scsi0;net0")).status())
                .isEqualTo("SUCCEEDED");
        assertThat(lab.method("fleet", "setConfig", Map.of("vmName", "configurable", "config", Map.of("cores", 4, "tags", "game"))).status())
                .isEqualTo("SUCCEEDED");
        var snapshot = lab.sandbox.proxmox().vm(195).orElseThrow();
        assertThat(snapshot.config()).containsEntry("boot", "order=scsi0;net0").containsEntry("cores", "4").containsEntry("tags", "game");
        assertThat(catchThrowableOfType(ArgumentException.class, () -> lab.engine.runner().startMethod("fleet", "setBootOrder",
                Map.of("vmName", "configurable", "boot", "scsi0; rm -rf /"), "test")).getMessage())
                .contains("argument 'boot' must be order=<device>[;<device>...] such as order=scsi0;net0");
        assertThat(lab.method("fleet", "setConfig", Map.of("vmName", "configurable", "config", Map.of())).error())
                .contains("argument 'config' is empty");
        RunRecord duplicate = lab.run("create-vm", Map.of("vmName", "slate"));
        assertThat(duplicate.error()).isEqualTo("fleet.create: refused: a VM named \"slate\" already exists (vmid 100 on "
                + SandboxLab.NODE + "); names identify VMs, so they must be unique");
    }

    @Test
    void createVmThenDeleteVmWithItsVmid() {
        RunRecord created = lab.run("create-vm", Map.of("vmName", "fresh"));
        assertThat(created.status()).as(created.error()).isEqualTo("SUCCEEDED");
        long vmid = (Long) vm("fresh").get("vmid");
        var snapshot = lab.sandbox.proxmox().vm((int) vmid).orElseThrow();
        assertThat(snapshot.config()).containsEntry("boot", "order=net0;scsi0").containsEntry("agent", "1")
                .containsEntry("memory", "2048").containsKey("scsi0");
        assertThat(snapshot.config().get("net0")).matches("virtio=BC:24:11:..:..:..,bridge=vmbr0");
        RunRecord deleted = lab.run("delete-vm", Map.of("vmName", "fresh", "vmid", vmid));
        assertThat(deleted.status()).as(deleted.error()).isEqualTo("SUCCEEDED");
        assertThat(lab.sandbox.proxmox().vm((int) vmid)).isEmpty();
        assertThat(vm("fresh")).containsEntry("status", "deleted");
        assertThat(lab.sandbox.proxmox().journal()).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("DELETE");
            assertThat(r.params()).containsEntry("purge", "1").containsEntry("destroy-unreferenced-disks", "1");
        });
    }
}
