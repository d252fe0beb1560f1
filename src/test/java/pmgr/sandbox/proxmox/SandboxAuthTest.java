package pmgr.sandbox.proxmox;

import pmgr.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static pmgr.sandbox.proxmox.PveTestClient.form;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pmgr.sandbox.proxmox.PveTestClient.Auth;
import pmgr.sandbox.proxmox.PveTestClient.Response;

class SandboxAuthTest {
    private static final String NODE = "keeb-dev-02";
    private static final String SECRET = "0b7f6e3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final TestClock CLOCK = TestClock.frozenAt(Instant.parse("2026-03-01T10:00:00Z"));
    private static SandboxProxmox pve;
    private static PveTestClient client;

    @BeforeAll
    static void start() {
        pve = SandboxProxmox.builder()
                .node(NODE)
                .user("root@pam", "secret-password")
                .token("root@pam!homelab", SECRET)
                .token("root@pam!weird", "abc=def")
                .clock(CLOCK)
                .build().start();
        pve.addVm(VmSpec.builder(100, "alpha").build());
        client = new PveTestClient(pve);
    }

    @AfterAll
    static void stop() {
        pve.close();
    }

    @AfterEach
    void resetFaults() {
        pve.faults().reset();
    }

    @Test
    void loginReturnsTicketCsrfTokenAndCapabilities() {
        Response r = client.post("/access/ticket", form("username", "root@pam", "password", "secret-password"),
                Auth.none());

        assertThat(r.status()).isEqualTo(200);
        JsonNode d = r.data();
        assertThat(d.get("username").asText()).isEqualTo("root@pam");
        assertThat(d.get("ticket").asText()).matches("PVE:root@pam:[0-9A-F]{8}::[A-Za-z0-9+/=]{300,}");
        assertThat(d.get("CSRFPreventionToken").asText()).matches("[0-9A-F]{8}:[A-Za-z0-9+/]{43}");
        assertThat(d.at("/cap/vms/VM.PowerMgmt").asInt()).isEqualTo(1);
        assertThat(r.headers()).containsEntry("content-type", "application/json;charset=UTF-8")
                .containsEntry("server", "pve-api-daemon/3.0")
                .containsEntry("cache-control", "max-age=0")
                .containsEntry("pragma", "no-cache");
    }

    @Test
    void realmParameterIsAppendedToTheUsername() {
        Response r = client.post("/access/ticket", form("username", "root", "realm", "pam", "password",
                "secret-password"), Auth.none());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.data().get("username").asText()).isEqualTo("root@pam");
    }

    @Test
    void wrongPasswordIs401WithJsonMessage() {
        Response r = client.post("/access/ticket", form("username", "root@pam", "password", "nope"), Auth.none());

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.data().isNull()).isTrue();
        assertThat(r.message()).isEqualTo("authentication failure\n");
    }

    @Test
    void requestWithoutCredentialsIs401WithEmptyBody() {
        Response r = client.get("/nodes/" + NODE + "/qemu", Auth.none());

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void csrfTokenIsRequiredForTicketWritesButNotForReads() {
        Auth auth = client.login("root@pam", "secret-password");

        Response postWithoutCsrf = client.post("/nodes/" + NODE + "/qemu/100/status/start", "", auth.withoutCsrf());
        Response getWithoutCsrf = client.get("/nodes/" + NODE + "/qemu", auth.withoutCsrf());
        Response wrongCsrf = client.post("/nodes/" + NODE + "/qemu/100/status/start", "",
                new Auth(auth.cookie(), "66F1A2B3:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null));

        assertThat(postWithoutCsrf.status()).isEqualTo(401);
        assertThat(postWithoutCsrf.body()).isEmpty();
        assertThat(wrongCsrf.status()).isEqualTo(401);
        assertThat(getWithoutCsrf.status()).isEqualTo(200);
    }

    @Test
    void apiTokenWorksInBothHeaderFormsWithoutCsrf() {
        Response equalsForm = client.post("/nodes/" + NODE + "/qemu/100/status/stop", "",
                Auth.token("PVEAPIToken=root@pam!homelab=" + SECRET));
        Response spaceForm = client.get("/nodes/" + NODE + "/qemu",
                Auth.token("PVEAPIToken root@pam!homelab=" + SECRET));
        Response wrongSecret = client.get("/nodes/" + NODE + "/qemu",
                Auth.token("PVEAPIToken=root@pam!homelab=0000"));

        assertThat(equalsForm.status()).isEqualTo(200);
        assertThat(equalsForm.data().asText()).endsWith(":qmstop:100:root@pam!homelab:");
        assertThat(spaceForm.status()).isEqualTo(200);
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.body()).isEmpty();
    }

    @Test
    void tokenHeaderIsSplitOnTheLastEqualsSign() {
        // id "root@pam!weird=abc", secret "def": a secret containing '=' can never match
        Response r = client.get("/nodes/" + NODE + "/qemu", Auth.token("PVEAPIToken=root@pam!weird=abc=def"));

        assertThat(r.status()).isEqualTo(401);
    }

    @Test
    void tokenTasksReportUserAndTokenIdSeparately() {
        Auth token = Auth.token("PVEAPIToken=root@pam!homelab=" + SECRET);
        String upid = client.post("/nodes/" + NODE + "/qemu/100/status/stop", "", token).data().asText();

        JsonNode status = client.waitForTask(NODE, upid, token);

        assertThat(status.get("user").asText()).isEqualTo("root@pam");
        assertThat(status.get("tokenid").asText()).isEqualTo("homelab");
    }

    @Test
    void ticketsExpireAfterTwoHoursAndCanBeRenewedBefore() {
        Auth auth = client.login("root@pam", "secret-password");
        String ticket = auth.cookie().substring("PVEAuthCookie=".length());

        CLOCK.advance(Duration.ofMinutes(119));
        assertThat(client.get("/nodes/" + NODE + "/qemu", auth).status()).isEqualTo(200);
        Response renewed = client.post("/access/ticket", form("username", "root@pam", "password", ticket),
                Auth.none());
        CLOCK.advance(Duration.ofMinutes(1));

        assertThat(renewed.status()).isEqualTo(200);
        assertThat(client.get("/nodes/" + NODE + "/qemu", auth).status()).isEqualTo(401);
        Auth fresh = new Auth("PVEAuthCookie=" + renewed.data().get("ticket").asText(),
                renewed.data().get("CSRFPreventionToken").asText(), null);
        assertThat(client.get("/nodes/" + NODE + "/qemu", fresh).status()).isEqualTo(200);
    }

    @Test
    void expireAllTicketsInvalidatesIssuedTicketsOnly() {
        Auth auth = client.login("root@pam", "secret-password");

        pve.faults().expireAllTickets();

        assertThat(client.get("/nodes/" + NODE + "/qemu", auth).status()).isEqualTo(401);
        Auth again = client.login("root@pam", "secret-password");
        assertThat(client.get("/nodes/" + NODE + "/qemu", again).status()).isEqualTo(200);
    }

    @Test
    void journalRecordsAuthKindCsrfAndParameters() {
        Auth auth = client.login("root@pam", "secret-password");
        pve.clearJournal();

        client.get("/cluster/nextid?vmid=150", auth);
        client.get("/cluster/nextid", Auth.token("PVEAPIToken=root@pam!homelab=" + SECRET));

        List<Request> journal = pve.journal();
        assertThat(journal).hasSize(2);
        assertThat(journal.get(0).auth()).isEqualTo(Request.AuthKind.TICKET);
        assertThat(journal.get(0).csrfPresent()).isTrue();
        assertThat(journal.get(0).params()).containsEntry("vmid", "150");
        assertThat(journal.get(0).apiPath()).isEqualTo("/cluster/nextid");
        assertThat(journal.get(1).auth()).isEqualTo(Request.AuthKind.TOKEN);
        assertThat(journal.get(1).user()).isEqualTo("root@pam!homelab");
        assertThat(journal.get(1).status()).isEqualTo(200);
    }

    @Test
    void reasonPhraseCarriesTheErrorText() throws Exception {
        Auth auth = client.login("root@pam", "secret-password");

        String noTicket = RawHttps.statusLine(pve, "GET", "/api2/json/nodes/" + NODE + "/qemu", "");
        String missingVm = RawHttps.statusLine(pve, "GET", "/api2/json/nodes/" + NODE + "/qemu/777/status/current",
                "Cookie: " + auth.cookie() + "\r\n");

        assertThat(noTicket).isEqualTo("HTTP/1.1 401 No ticket");
        assertThat(missingVm).isEqualTo(
                "HTTP/1.1 500 Configuration file 'nodes/" + NODE + "/qemu-server/777.conf' does not exist");
    }

    @Test
    void unknownPathsAndNodesAnswerLikePve() {
        Auth auth = client.login("root@pam", "secret-password");

        Response unknownPath = client.get("/nodes/" + NODE + "/foo", auth);
        Response unknownNode = client.get("/nodes/nowhere/qemu", auth);

        assertThat(unknownPath.status()).isEqualTo(501);
        assertThat(unknownPath.message()).isEqualTo("Method 'GET /nodes/" + NODE + "/foo' not implemented\n");
        assertThat(unknownNode.status()).isEqualTo(500);
        assertThat(unknownNode.message()).startsWith("hostname lookup 'nowhere' failed - ");
    }

    @Test
    void certificateFingerprintIsUpperCaseColonHex() {
        assertThat(pve.certificateSha256()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(pve.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(pve.baseUrl()).isEqualTo("https://127.0.0.1:" + pve.port());
    }
}
