package pmgr.models.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.sandbox.proxmox.SandboxProxmox;
import pmgr.testing.TestClock;

/** The Proxmox client on its own: sessions, renewal, errors, against the sandbox node over HTTPS. */
class ProxmoxApiTest {
    @TempDir
    static Path dir;
    static SandboxProxmox pve;
    static SandboxProxmox legacy;
    static DefaultCamelContext camel;
    static org.apache.camel.ProducerTemplate template;
    static Tls trust;
    final List<String> log = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pve = SandboxProxmox.builder().node("pve").user("root@pam", "pw-one").taskDuration(Duration.ofMillis(100)).build().start();
        legacy = SandboxProxmox.builder().node("pve").user("root@pam", "pw-two").legacyErrors(true).build().start();
        Files.writeString(dir.resolve("ca.pem"), pve.certificatePem());
        Files.writeString(dir.resolve("legacy.pem"), legacy.certificatePem());
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
        trust = new Tls(dir.resolve("ca.pem").toString(), null, false);
    }

    @AfterAll
    static void stop() {
        camel.stop();
        pve.close();
        legacy.close();
    }

    /** The clients' clock (the fake node keeps the real one, so tickets age only for the client). */
    private final TestClock clock = TestClock.system();

    ProxmoxApi api(SandboxProxmox node, Tls tls, String password) {
        return new ProxmoxApi(template, node.baseUrl(), tls, new Credentials("root@pam", password, null), log::add, clock);
    }

    private long logins(SandboxProxmox node) {
        return node.journal().stream().filter(r -> r.apiPath().equals("/access/ticket")).count();
    }

    @Test
    void aTicketIsRenewedBeforeItExpires() {
        ProxmoxApi api = api(pve, trust, "pw-one");
        api.login();
        long before = logins(pve);
        api.get("/cluster/resources", Map.of());
        assertThat(logins(pve)).isEqualTo(before);
        clock.advance(Duration.ofMinutes(95));
        api.get("/cluster/resources", Map.of());
        assertThat(log).contains("renewing the Proxmox ticket (it is 95 minutes old)");
        assertThat(logins(pve)).isEqualTo(before + 1);
    }

    @Test
    void withoutAPasswordTheTicketRenewsItselfWhileValid() throws Exception {
        // a node of its own: sessions are remembered per node and user
        try (SandboxProxmox node = SandboxProxmox.builder().node("pve").user("root@pam", "pw-three").build().start()) {
            Path ca = dir.resolve("own.pem");
            Files.writeString(ca, node.certificatePem());
            Tls tls = new Tls(ca.toString(), null, false);
            api(node, tls, "pw-three").login();
            // a client without the password uses the session this process holds
            ProxmoxApi passwordless = new ProxmoxApi(template, node.baseUrl(), tls, new Credentials("root@pam", null, null), log::add, clock);
            clock.advance(Duration.ofMinutes(91));
            long before = logins(node);
            passwordless.get("/cluster/resources", Map.of());
            // renewed by posting the ticket itself (there is no password to post)
            assertThat(logins(node)).isEqualTo(before + 1);
            assertThat(log).contains("renewing the Proxmox ticket (it is 91 minutes old)");
            node.faults().expireAllTickets();
            clock.advance(Duration.ofMinutes(109));
            assertThatThrownBy(() -> passwordless.get("/cluster/resources", Map.of())).isInstanceOf(ProxmoxApiException.class)
                    .hasMessageContaining("ticket renewal as root@pam failed: 401");
        }
    }

    @Test
    void errorsCarryProxmoxsMessageFromTheBodyOrTheReasonPhrase() {
        ProxmoxApi api = api(pve, trust, "pw-one");
        assertThatThrownBy(() -> api.get("/nodes/pve/qemu/999/status/current", Map.of()))
                .hasMessage("GET /nodes/pve/qemu/999/status/current: 500 Configuration file 'nodes/pve/qemu-server/999.conf' does not exist");
        ProxmoxApi old = api(legacy, new Tls(dir.resolve("legacy.pem").toString(), null, false), "pw-two");
        assertThatThrownBy(() -> old.get("/nodes/pve/qemu/999/status/current", Map.of()))
                .as("pre-2025 nodes send the text only in the reason phrase")
                .hasMessage("GET /nodes/pve/qemu/999/status/current: 500 Configuration file 'nodes/pve/qemu-server/999.conf' does not exist");
        assertThatThrownBy(() -> api(pve, trust, "wrong").login()).hasMessage("Proxmox log in as root@pam failed: 401 authentication failure");
    }

    @Test
    void theNodeCertificateMustBeTrusted() {
        assertThatThrownBy(() -> api(pve, new Tls(null, null, false), "pw-one").login())
                .hasMessageContaining("cannot reach Proxmox at " + pve.baseUrl());
        assertThat(api(pve, new Tls(null, pve.certificateSha256(), false), "pw-one").login().ticket()).startsWith("PVE:root@pam:");
        assertThat(api(pve, new Tls(null, null, true), "pw-one").login().ticket()).startsWith("PVE:root@pam:");
    }
}
