package pmgr.models.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.sandbox.SandboxLab;
import pmgr.sandbox.proxmox.Nic;
import pmgr.sandbox.proxmox.Request;
import pmgr.sandbox.proxmox.VmSpec;
import pmgr.store.RunRecord;
import pmgr.testing.Lab;

/** A two-node cluster, API-token authentication, and TLS trust choices. */
class ClusterAndAuthTest {

    @Test
    void eachOperationGoesToTheNodeHoldingTheVm(@TempDir Path dir) {
        try (Lab lab = Lab.start(dir, SandboxLab.Options.fast().withSecondNode("keeb-dev-03"))) {
            lab.sandbox.proxmox().addVm(VmSpec.builder(300, "remote").node("keeb-dev-03").running(false)
                    .interfaces(Nic.loopback(), Nic.eth0("bc:24:11:00:03:00", "10.0.3.10")).build());
            RunRecord sync = lab.run("sync-fleet", Map.of());
            assertThat(sync.status()).as(sync.error()).isEqualTo("SUCCEEDED");
            assertThat(lab.engine.store().latest("fleet", "vm", "remote").orElseThrow().attributes())
                    .containsEntry("node", "keeb-dev-03").containsEntry("status", "stopped");
            assertThat(lab.engine.store().latest("fleet", "vm", "slate").orElseThrow().attributes())
                    .containsEntry("node", SandboxLab.NODE);
            lab.sandbox.proxmox().clearJournal();
            RunRecord start = lab.run("start-vm", Map.of("vmName", "remote"));
            assertThat(start.status()).as(start.error()).isEqualTo("SUCCEEDED");
            assertThat(lab.engine.store().latest("fleet", "vm", "remote").orElseThrow().attributes())
                    .containsEntry("ip", "10.0.3.10").containsEntry("node", "keeb-dev-03");
            List<String> vmCalls = lab.sandbox.proxmox().journal().stream().map(Request::apiPath)
                    .filter(p -> p.contains("/qemu/300")).toList();
            assertThat(vmCalls).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("/nodes/keeb-dev-03/"));
            assertThat(lab.sandbox.proxmox().journal()).filteredOn(r -> r.apiPath().contains("/tasks/"))
                    .allSatisfy(r -> assertThat(r.apiPath()).startsWith("/nodes/keeb-dev-03/tasks/"));
        }
    }

    @Test
    void anApiTokenWorksWithoutTicketsOrCsrf(@TempDir Path dir) {
        try (Lab lab = Lab.start(dir, SandboxLab.Options.fast(), Map.of("pmgr.lab.proxmox.tokenKey", "api-token"))) {
            lab.engine.vault().put("proxmox-vault", "api-token", lab.sandbox.apiToken());
            lab.sandbox.proxmox().clearJournal();
            RunRecord r = lab.run("start-vm", Map.of("vmName", "gold-image"));
            assertThat(r.status()).as(r.error()).isEqualTo("SUCCEEDED");
            RunRecord auth = lab.method("keebDev02", "auth", Map.of());
            assertThat(auth.logs()).extracting(RunRecord.LogLine::line).contains("API token accepted (Proxmox VE 9.1.1)");
            assertThat(lab.sandbox.proxmox().journal()).isNotEmpty()
                    .allSatisfy(req -> assertThat(req.auth()).isEqualTo(Request.AuthKind.TOKEN))
                    .noneMatch(req -> req.apiPath().equals("/access/ticket"));
            assertThat(lab.engine.store().latest("keebDev02", "node", "node").orElseThrow().attributes())
                    .containsEntry("mode", "token").doesNotContainKey("ticket");
        }
    }

    @Test
    void aPinnedFingerprintIsTrustedAndAWrongOneRefused(@TempDir Path dir) {
        try (Lab lab = Lab.start(dir, SandboxLab.Options.fast(), Map.of("pmgr.lab.proxmox.caFile", "",
                "pmgr.lab.proxmox.fingerprint", "00:11:22"))) {
            RunRecord wrong = lab.run("sync-fleet", Map.of());
            assertThat(wrong.status()).isEqualTo("FAILED");
            assertThat(wrong.error()).startsWith("fleet.sync: cannot reach Proxmox at " + lab.sandbox.proxmox().baseUrl())
                    .contains("does not match the pinned 001122");
        }
    }

    @Test
    void withNothingToTrustTheSelfSignedNodeIsRefused(@TempDir Path dir) {
        try (Lab lab = Lab.start(dir, SandboxLab.Options.fast(), Map.of("pmgr.lab.proxmox.caFile", ""))) {
            RunRecord r = lab.run("sync-fleet", Map.of());
            assertThat(r.status()).isEqualTo("FAILED");
            assertThat(r.error()).contains("cannot reach Proxmox at", "unable to find valid certification path");
            assertThat(lab.engine.startupWarnings()).isEmpty();
        }
    }

    @Test
    void theRightFingerprintWorksAndSkippingVerificationIsWarnedAbout(@TempDir Path dir) throws Exception {
        try (Lab lab = Lab.start(dir.resolve("pin"), SandboxLab.Options.fast(), sandbox -> Map.of("pmgr.lab.proxmox.caFile", "",
                // as an operator copies it from the node's certificate page: upper-case hex with colons
                "pmgr.lab.proxmox.fingerprint", sandbox.proxmox().certificateSha256()))) {
            assertThat(lab.sandbox.proxmox().certificateSha256()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
            RunRecord r = lab.run("sync-fleet", Map.of());
            assertThat(r.status()).as(r.error()).isEqualTo("SUCCEEDED");
            assertThat(lab.engine.startupWarnings()).isEmpty();
        }
        try (Lab lab = Lab.start(dir.resolve("skip"), SandboxLab.Options.fast(), Map.of("pmgr.lab.proxmox.caFile", "",
                "pmgr.lab.proxmox.skipTlsVerify", "true"))) {
            assertThat(lab.engine.startupWarnings()).hasSize(2).allSatisfy(w -> assertThat(w)
                    .contains("TLS verification of " + lab.sandbox.proxmox().baseUrl() + " is switched off (proxmox.skipTlsVerify)"));
            assertThat(lab.run("sync-fleet", Map.of()).status()).isEqualTo("SUCCEEDED");
        }
    }
}
