package pmgr.sandbox.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pmgr.testing.TestClock;

/** The fake Grafana over real HTTP, the way a client sees it. */
class FakeGrafanaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final String TOKEN = "glsa_testtesttesttesttesttesttesttest";
    private static final String SUMMARY = "{{ $labels.instance }} is down for {{ $value | humanizeDuration }}";
    private static HttpServer upstream;
    private static int upstreamPort;
    private static FakeGrafana grafana;
    private static HttpClient http;

    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    @BeforeAll
    static void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // echoes what arrived, so the test sees what the proxy forwarded
        upstream.createContext("/", exchange -> {
            byte[] received = exchange.getRequestBody().readAllBytes();
            Map<String, Object> echo = new java.util.LinkedHashMap<>();
            echo.put("method", exchange.getRequestMethod());
            echo.put("path", exchange.getRequestURI().getRawPath());
            echo.put("query", String.valueOf(exchange.getRequestURI().getRawQuery()));
            echo.put("body", new String(received, StandardCharsets.UTF_8));
            echo.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] answer = JSON.writeValueAsBytes(echo);
            int status = exchange.getRequestURI().getPath().endsWith("/teapot") ? 418 : 200;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        upstream.start();
        upstreamPort = upstream.getAddress().getPort();
        grafana = FakeGrafana.builder().serviceAccountToken(TOKEN).clock(TestClock.frozenAt(NOW))
                .prometheusUrl("http://127.0.0.1:" + upstreamPort).build().start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        grafana.close();
        upstream.stop(0);
    }

    @Test
    void healthAnswersWithoutCredentials() throws Exception {
        Answer health = send("GET", "/api/health", null, Map.of());

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("database").asText()).isEqualTo("ok");
        assertThat(health.json().path("version").asText()).isEqualTo("11.3.0");
        assertThat(health.json().has("commit")).isTrue();
    }

    @Test
    void apiNeedsTheServiceAccountToken() throws Exception {
        Answer none = send("GET", "/api/search", null, Map.of());
        Answer wrong = send("GET", "/api/search", null, Map.of("Authorization", "Bearer glsa_wrong"));
        Answer right = call("GET", "/api/search", null);

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().path("message").asText()).isEqualTo("Unauthorized");
        assertThat(none.json().path("messageId").asText()).isEqualTo("auth.unauthorized");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().path("message").asText()).isEqualTo("Invalid API key");
        assertThat(wrong.json().path("messageId").asText()).isEqualTo("api-key.invalid");
        assertThat(right.status()).isEqualTo(200);
        assertThat(grafana.token()).isEqualTo(TOKEN);
    }

    @Test
    void defaultTokenLooksLikeAServiceAccountToken() {
        try (FakeGrafana other = FakeGrafana.builder().build()) {
            assertThat(other.token()).matches("glsa_[A-Za-z0-9]{32}");
        }
    }

    @Test
    void unknownPathAndBrokenJsonGetGrafanasErrors() throws Exception {
        Answer unknown = call("GET", "/api/no/such/thing", null);
        Answer broken = call("POST", "/api/dashboards/db", "{not json");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("message").asText()).isEqualTo("Not found");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().path("message").asText()).isEqualTo("bad request data");
    }

    @Test
    void dashboardVersionsFollowGrafanasOptimisticLocking() throws Exception {
        long writes = grafana.writes();
        Answer created = call("POST", "/api/dashboards/db", "{\"dashboard\":{\"uid\":\"lab\",\"title\":\"Home Lab\","
                + "\"tags\":[\"pmgr\"],\"panels\":[]},\"message\":\"first\"}");
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().path("status").asText()).isEqualTo("success");
        assertThat(created.json().path("version").asInt()).isEqualTo(1);
        assertThat(created.json().path("url").asText()).isEqualTo("/d/lab/home-lab");
        assertThat(created.json().path("slug").asText()).isEqualTo("home-lab");
        long id = created.json().path("id").asLong();

        Answer updated = call("POST", "/api/dashboards/db",
                "{\"dashboard\":{\"uid\":\"lab\",\"title\":\"Home Lab\",\"version\":1}}");
        Answer stale = call("POST", "/api/dashboards/db",
                "{\"dashboard\":{\"uid\":\"lab\",\"title\":\"Home Lab\",\"version\":1}}");
        Answer noVersion = call("POST", "/api/dashboards/db", "{\"dashboard\":{\"uid\":\"lab\",\"title\":\"Home Lab\"}}");
        assertThat(updated.json().path("version").asInt()).isEqualTo(2);
        assertThat(updated.json().path("id").asLong()).isEqualTo(id);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().path("status").asText()).isEqualTo("version-mismatch");
        assertThat(noVersion.status()).isEqualTo(412);
        assertThat(grafana.dashboardVersion("lab")).isEqualTo(2);

        Answer forced = call("POST", "/api/dashboards/db",
                "{\"dashboard\":{\"uid\":\"lab\",\"title\":\"Home Lab\",\"version\":1},\"overwrite\":true}");
        assertThat(forced.status()).isEqualTo(200);
        assertThat(forced.json().path("version").asInt()).isEqualTo(3);
        assertThat(grafana.dashboardVersion("lab")).isEqualTo(3);
        assertThat(grafana.dashboard("lab").orElseThrow().path("version").asInt()).isEqualTo(3);
        // created, updated, overwritten; the two 412s changed nothing
        assertThat(grafana.writes() - writes).isEqualTo(3);

        Answer read = call("GET", "/api/dashboards/uid/lab", null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("dashboard").path("id").asLong()).isEqualTo(id);
        assertThat(read.json().path("dashboard").path("uid").asText()).isEqualTo("lab");
        assertThat(read.json().path("dashboard").path("version").asInt()).isEqualTo(3);
        assertThat(read.json().path("meta").path("slug").asText()).isEqualTo("home-lab");
        assertThat(read.json().path("meta").path("url").asText()).isEqualTo("/d/lab/home-lab");
        assertThat(read.json().path("meta").path("folderUid").asText()).isEmpty();
        assertThat(read.json().path("meta").path("updated").asText()).isEqualTo("2025-03-01T12:00:00Z");
    }

    @Test
    void dashboardSaveIsValidatedLikeGrafana() throws Exception {
        Answer untitled = call("POST", "/api/dashboards/db", "{\"dashboard\":{\"uid\":\"x1\",\"title\":\"  \"}}");
        Answer unknownId = call("POST", "/api/dashboards/db",
                "{\"dashboard\":{\"id\":999,\"uid\":\"copied\",\"title\":\"Copied\"}}");
        Answer noFolder = call("POST", "/api/dashboards/db",
                "{\"dashboard\":{\"title\":\"Lost\"},\"folderUid\":\"nope\"}");
        Answer badUid = call("POST", "/api/dashboards/db", "{\"dashboard\":{\"uid\":\"a b\",\"title\":\"Bad\"}}");
        Answer first = call("POST", "/api/dashboards/db", "{\"dashboard\":{\"uid\":\"twin-1\",\"title\":\"Twin\"}}");
        Answer namesake = call("POST", "/api/dashboards/db", "{\"dashboard\":{\"uid\":\"twin-2\",\"title\":\"Twin\"}}");
        Answer missing = call("GET", "/api/dashboards/uid/never-saved", null);

        assertThat(untitled.status()).isEqualTo(400);
        assertThat(untitled.json().path("message").asText()).isEqualTo("Dashboard title cannot be empty");
        assertThat(unknownId.status()).isEqualTo(404);
        assertThat(unknownId.json().path("message").asText()).isEqualTo("Dashboard not found");
        assertThat(noFolder.status()).isEqualTo(400);
        assertThat(noFolder.json().path("message").asText()).isEqualTo("folder not found");
        assertThat(badUid.status()).isEqualTo(400);
        assertThat(badUid.json().path("message").asText()).isEqualTo("uid contains illegal characters");
        assertThat(first.status()).isEqualTo(200);
        assertThat(namesake.status()).isEqualTo(412);
        assertThat(namesake.json().path("status").asText()).isEqualTo("name-exists");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("message").asText()).isEqualTo("Dashboard not found");
        assertThat(grafana.dashboards()).contains("twin-1").doesNotContain("x1", "copied", "twin-2");
    }

    @Test
    void dashboardGetsAUidWhenItHasNoneAndCanBeDeleted() throws Exception {
        Answer created = call("POST", "/api/dashboards/db", "{\"dashboard\":{\"id\":null,\"title\":\"Scratch\"}}");
        String uid = created.json().path("uid").asText();
        assertThat(uid).matches("[a-z0-9]{14}");
        assertThat(grafana.dashboard(uid)).isPresent();

        Answer deleted = call("DELETE", "/api/dashboards/uid/" + uid, null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("title").asText()).isEqualTo("Scratch");
        assertThat(deleted.json().path("message").asText()).isEqualTo("Dashboard Scratch deleted");
        assertThat(grafana.dashboard(uid)).isEmpty();
        assertThat(call("DELETE", "/api/dashboards/uid/" + uid, null).status()).isEqualTo(404);
    }

    @Test
    void foldersAndSearch() throws Exception {
        Answer folder = call("POST", "/api/folders", "{\"uid\":\"search-f\",\"title\":\"Search Folder\"}");
        assertThat(folder.status()).isEqualTo(200);
        assertThat(folder.json().path("uid").asText()).isEqualTo("search-f");
        assertThat(folder.json().path("title").asText()).isEqualTo("Search Folder");
        assertThat(folder.json().path("version").asInt()).isEqualTo(1);
        assertThat(folder.json().path("url").asText()).isEqualTo("/dashboards/f/search-f/search-folder");
        call("POST", "/api/dashboards/db", "{\"dashboard\":{\"uid\":\"s-node\",\"title\":\"Searchable Nodes\","
                + "\"tags\":[\"nodes\",\"pmgr\"]},\"folderUid\":\"search-f\"}");
        call("POST", "/api/dashboards/db", "{\"dashboard\":{\"uid\":\"s-vm\",\"title\":\"Searchable VMs\","
                + "\"tags\":[\"pmgr\"]}}");

        JsonNode dashboards = call("GET", "/api/search?type=dash-db&query=searchable", null).json();
        JsonNode tagged = call("GET", "/api/search?type=dash-db&tag=nodes&tag=pmgr", null).json();
        JsonNode folders = call("GET", "/api/search?type=dash-folder&query=search", null).json();

        assertThat(uids(dashboards)).containsExactly("s-node", "s-vm");
        JsonNode node = dashboards.get(0);
        assertThat(node.path("type").asText()).isEqualTo("dash-db");
        assertThat(node.path("url").asText()).isEqualTo("/d/s-node/searchable-nodes");
        assertThat(node.path("folderUid").asText()).isEqualTo("search-f");
        assertThat(node.path("folderTitle").asText()).isEqualTo("Search Folder");
        assertThat(node.path("isStarred").asBoolean(true)).isFalse();
        assertThat(dashboards.get(1).has("folderUid")).isFalse();
        assertThat(uids(tagged)).containsExactly("s-node");
        assertThat(uids(folders)).containsExactly("search-f");
        assertThat(folders.get(0).path("type").asText()).isEqualTo("dash-folder");
    }

    @Test
    void foldersAreValidated() throws Exception {
        call("POST", "/api/folders", "{\"uid\":\"infra\",\"title\":\"Infra\"}");
        Answer duplicate = call("POST", "/api/folders", "{\"uid\":\"infra\",\"title\":\"Infra again\"}");
        Answer untitled = call("POST", "/api/folders", "{\"uid\":\"empty\",\"title\":\"\"}");
        Answer unknown = call("GET", "/api/folders/nope", null);
        Answer known = call("GET", "/api/folders/infra", null);
        JsonNode list = call("GET", "/api/folders", null).json();

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().path("message").asText())
                .isEqualTo("a folder/dashboard with the same uid already exists");
        assertThat(untitled.status()).isEqualTo(400);
        assertThat(untitled.json().path("message").asText()).isEqualTo("folder title cannot be empty");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("message").asText()).isEqualTo("folder not found");
        assertThat(known.json().path("title").asText()).isEqualTo("Infra");
        assertThat(uids(list)).contains("infra").doesNotContain("empty");
        assertThat(grafana.folders()).anyMatch(f -> f.path("uid").asText().equals("infra"));
    }

    @Test
    void contactPointsAnswer202AndRedactSecrets() throws Exception {
        String url = "https://discord.com/api/webhooks/1/secret";
        Answer created = call("POST", "/api/v1/provisioning/contact-points", "{\"uid\":\"cp-discord\","
                + "\"name\":\"pmgr-discord\",\"type\":\"discord\",\"settings\":{\"url\":\"" + url + "\","
                + "\"message\":\"{{ template \\\"default.message\\\" . }}\"}}");
        assertThat(created.status()).isEqualTo(202);
        assertThat(created.json().path("uid").asText()).isEqualTo("cp-discord");
        assertThat(created.json().path("provenance").asText()).isEqualTo("api");
        assertThat(created.json().path("settings").path("url").asText()).isEqualTo("[REDACTED]");

        JsonNode listed = call("GET", "/api/v1/provisioning/contact-points?name=pmgr-discord", null).json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("settings").path("url").asText()).isEqualTo("[REDACTED]");
        assertThat(listed.get(0).path("settings").path("message").asText())
                .isEqualTo("{{ template \"default.message\" . }}");
        assertThat(stored("cp-discord").path("settings").path("url").asText()).isEqualTo(url);

        // sending back what was read keeps the secret
        Answer updated = call("PUT", "/api/v1/provisioning/contact-points/cp-discord", "{\"name\":\"pmgr-discord\","
                + "\"type\":\"discord\",\"settings\":{\"url\":\"[REDACTED]\",\"message\":\"changed\"}}");
        assertThat(updated.status()).isEqualTo(202);
        assertThat(updated.json().path("message").asText()).isEqualTo("contactpoint updated");
        assertThat(stored("cp-discord").path("settings").path("url").asText()).isEqualTo(url);
        assertThat(stored("cp-discord").path("settings").path("message").asText()).isEqualTo("changed");

        Answer unknown = call("PUT", "/api/v1/provisioning/contact-points/nope",
                "{\"name\":\"x\",\"type\":\"discord\",\"settings\":{\"url\":\"" + url + "\"}}");
        assertThat(unknown.status()).isEqualTo(404);
        Answer again = call("POST", "/api/v1/provisioning/contact-points", "{\"uid\":\"cp-discord\","
                + "\"name\":\"other\",\"type\":\"discord\",\"settings\":{\"url\":\"" + url + "\"}}");
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void contactPointsAreValidated() throws Exception {
        long writes = grafana.writes();
        Answer noUrl = call("POST", "/api/v1/provisioning/contact-points",
                "{\"name\":\"broken\",\"type\":\"discord\",\"settings\":{}}");
        Answer noType = call("POST", "/api/v1/provisioning/contact-points",
                "{\"name\":\"broken\",\"type\":\"\",\"settings\":{}}");
        Answer noName = call("POST", "/api/v1/provisioning/contact-points",
                "{\"name\":\"\",\"type\":\"email\",\"settings\":{\"addresses\":\"a@b.c\"}}");

        assertThat(noUrl.status()).isEqualTo(400);
        assertThat(noUrl.json().path("message").asText()).contains("invalid object specification")
                .contains("webhook url");
        assertThat(noType.status()).isEqualTo(400);
        assertThat(noType.json().path("message").asText()).contains("type");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().path("message").asText()).contains("name");
        assertThat(grafana.writes()).isEqualTo(writes);
        assertThat(grafana.contactPoints()).noneMatch(cp -> cp.path("name").asText().equals("broken"));
    }

    @Test
    void policyTreeIsReplacedAndItsReceiversMustExist() throws Exception {
        assertThat(grafana.policy().path("receiver").asText()).isEqualTo("grafana-default-email");
        call("POST", "/api/v1/provisioning/contact-points", "{\"uid\":\"cp-ops\",\"name\":\"ops\",\"type\":\"email\","
                + "\"settings\":{\"addresses\":\"ops@example.com\"}}");
        String tree = "{\"receiver\":\"grafana-default-email\",\"group_by\":[\"grafana_folder\",\"alertname\"],"
                + "\"routes\":[{\"receiver\":\"ops\",\"object_matchers\":[[\"team\",\"=\",\"ops\"]]}]}";

        Answer replaced = call("PUT", "/api/v1/provisioning/policies", tree);
        assertThat(replaced.status()).isEqualTo(202);
        assertThat(replaced.json().path("message").asText()).isEqualTo("policies updated");
        JsonNode read = call("GET", "/api/v1/provisioning/policies", null).json();
        assertThat(read.path("routes").get(0).path("receiver").asText()).isEqualTo("ops");
        assertThat(read.path("provenance").asText()).isEqualTo("api");

        Answer unknown = call("PUT", "/api/v1/provisioning/policies",
                "{\"receiver\":\"grafana-default-email\",\"routes\":[{\"receiver\":\"nobody\"}]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("message").asText()).contains("receiver 'nobody' does not exist");
        assertThat(grafana.policy().path("routes").get(0).path("receiver").asText()).isEqualTo("ops");

        Answer inUse = call("DELETE", "/api/v1/provisioning/contact-points/cp-ops", null);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.json().path("message").asText()).contains("referenced by a notification policy");
    }

    @Test
    void alertRulesAreStoredAsSent() throws Exception {
        call("POST", "/api/folders", "{\"uid\":\"alerts\",\"title\":\"Alerts\"}");
        Answer created = call("POST", "/api/v1/provisioning/alert-rules", rule("node-down", "Node down", "alerts"));
        assertThat(created.status()).isEqualTo(201);
        JsonNode rule = created.json();
        assertThat(rule.path("uid").asText()).isEqualTo("node-down");
        assertThat(rule.path("id").asLong()).isPositive();
        assertThat(rule.path("provenance").asText()).isEqualTo("api");
        assertThat(rule.path("updated").asText()).isEqualTo("2025-03-01T12:00:00Z");
        assertThat(rule.path("annotations").path("summary").asText()).isEqualTo(SUMMARY);
        assertThat(rule.path("for").asText()).isEqualTo("5m");
        assertThat(created.body()).contains("{{ $labels.instance }}");

        Answer read = call("GET", "/api/v1/provisioning/alert-rules/node-down", null);
        assertThat(read.json().path("annotations").path("summary").asText()).isEqualTo(SUMMARY);
        assertThat(read.json().path("data").get(0).path("model").path("expr").asText()).isEqualTo("up == 0");
        assertThat(grafana.alertRule("node-down").orElseThrow().path("annotations").path("summary").asText())
                .isEqualTo(SUMMARY);

        Answer updated = call("PUT", "/api/v1/provisioning/alert-rules/node-down",
                rule("node-down", "Node unreachable", "alerts"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("title").asText()).isEqualTo("Node unreachable");
        assertThat(updated.json().path("id").asLong()).isEqualTo(rule.path("id").asLong());
        JsonNode group = call("GET", "/api/v1/provisioning/folder/alerts/rule-groups/lab", null).json();
        assertThat(group.path("rules").get(0).path("title").asText()).isEqualTo("Node unreachable");

        Answer duplicate = call("POST", "/api/v1/provisioning/alert-rules", rule("node-down", "Node unreachable",
                "alerts"));
        assertThat(duplicate.status()).isEqualTo(409);

        Answer unprovenanced = send("POST", "/api/v1/provisioning/alert-rules", rule("disk-full", "Disk full",
                "alerts"), Map.of("Authorization", "Bearer " + TOKEN, "X-Disable-Provenance", "true"));
        assertThat(unprovenanced.status()).isEqualTo(201);
        assertThat(unprovenanced.json().path("provenance").asText("")).isEmpty();

        assertThat(call("DELETE", "/api/v1/provisioning/alert-rules/disk-full", null).status()).isEqualTo(204);
        Answer gone = call("GET", "/api/v1/provisioning/alert-rules/disk-full", null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).isEmpty();
        assertThat(grafana.alertRules()).extracting(r -> r.path("uid").asText()).contains("node-down")
                .doesNotContain("disk-full");
    }

    @Test
    void alertRulesAreValidatedNamingTheField() throws Exception {
        call("POST", "/api/folders", "{\"uid\":\"checks\",\"title\":\"Checks\"}");
        long writes = grafana.writes();

        Answer noFolder = call("POST", "/api/v1/provisioning/alert-rules", rule("r1", "R1", "missing-folder"));
        Answer badState = call("POST", "/api/v1/provisioning/alert-rules",
                rule("r2", "R2", "checks").replace("\"NoData\"", "\"Sometimes\""));
        Answer badFor = call("POST", "/api/v1/provisioning/alert-rules",
                rule("r3", "R3", "checks").replace("\"5m\"", "\"five minutes\""));
        Answer badCondition = call("POST", "/api/v1/provisioning/alert-rules",
                rule("r4", "R4", "checks").replace("\"condition\":\"B\"", "\"condition\":\"Z\""));
        Answer noTitle = call("POST", "/api/v1/provisioning/alert-rules", rule("r5", "", "checks"));
        Answer unknown = call("PUT", "/api/v1/provisioning/alert-rules/never", rule("never", "Never", "checks"));

        assertThat(noFolder.status()).isEqualTo(400);
        assertThat(noFolder.json().path("message").asText()).isEqualTo("invalid alert rule: folder does not exist");
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.json().path("message").asText()).contains("NoData state").contains("Sometimes");
        assertThat(badFor.status()).isEqualTo(400);
        assertThat(badFor.json().path("message").asText()).isEqualTo("bad request data");
        assertThat(badCondition.status()).isEqualTo(400);
        assertThat(badCondition.json().path("message").asText()).contains("Condition Z does not exist");
        assertThat(noTitle.status()).isEqualTo(400);
        assertThat(noTitle.json().path("message").asText()).contains("title");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(grafana.writes()).isEqualTo(writes);
    }

    @Test
    void annotationsAreAddedAndFoundByTags() throws Exception {
        Answer deploy = call("POST", "/api/annotations",
                "{\"time\":1700000000000,\"tags\":[\"deploy\",\"pmgr\"],\"text\":\"deployed v2\"}");
        Answer reboot = call("POST", "/api/annotations", "{\"tags\":[\"reboot\"],\"text\":\"node rebooted\"}");
        Answer empty = call("POST", "/api/annotations", "{\"tags\":[\"deploy\"],\"text\":\"\"}");

        assertThat(deploy.status()).isEqualTo(200);
        assertThat(deploy.json().path("message").asText()).isEqualTo("Annotation added");
        long deployId = deploy.json().path("id").asLong();
        long rebootId = reboot.json().path("id").asLong();
        assertThat(rebootId).isGreaterThan(deployId);
        assertThat(empty.status()).isEqualTo(400);

        JsonNode both = call("GET", "/api/annotations?tags=deploy&tags=pmgr", null).json();
        JsonNode notAll = call("GET", "/api/annotations?tags=deploy&tags=reboot", null).json();
        JsonNode any = call("GET", "/api/annotations?tags=deploy&tags=reboot&matchAny=true", null).json();

        assertThat(ids(both)).containsExactly(deployId);
        assertThat(both.get(0).path("text").asText()).isEqualTo("deployed v2");
        assertThat(both.get(0).path("time").asLong()).isEqualTo(1700000000000L);
        assertThat(both.get(0).path("timeEnd").asLong()).isEqualTo(1700000000000L);
        assertThat(notAll).isEmpty();
        // newest first; the reboot got the fake's "now" as its time
        assertThat(ids(any)).containsExactly(rebootId, deployId);
        assertThat(any.get(0).path("time").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(grafana.annotations()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void datasourcesAreSeeded() throws Exception {
        JsonNode list = call("GET", "/api/datasources", null).json();
        Answer loki = call("GET", "/api/datasources/uid/loki", null);
        Answer unknown = call("GET", "/api/datasources/uid/nope", null);

        assertThat(list).hasSize(2);
        JsonNode prometheus = list.get(0);
        assertThat(prometheus.path("id").asInt()).isEqualTo(1);
        assertThat(prometheus.path("uid").asText()).isEqualTo("bea14157-8927-407b-8b48-f0cfaa53862d");
        assertThat(prometheus.path("type").asText()).isEqualTo("prometheus");
        assertThat(prometheus.path("isDefault").asBoolean()).isTrue();
        assertThat(prometheus.path("url").asText()).isEqualTo("http://127.0.0.1:" + upstreamPort);
        assertThat(loki.json().path("name").asText()).isEqualTo("Loki");
        assertThat(loki.json().path("url").asText()).isEqualTo("http://127.0.0.1:3100");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void datasourceProxyForwardsAndAnswers502WhenUpstreamIsDown() throws Exception {
        Answer query = call("GET", "/api/datasources/proxy/1/api/v1/query?query=up%7Bjob%3D%22node%22%7D", null);
        assertThat(query.status()).isEqualTo(200);
        assertThat(query.json().path("method").asText()).isEqualTo("GET");
        assertThat(query.json().path("path").asText()).isEqualTo("/api/v1/query");
        assertThat(query.json().path("query").asText()).isEqualTo("query=up%7Bjob%3D%22node%22%7D");
        assertThat(query.json().path("authorization").asText()).isEqualTo("null");

        Answer posted = call("POST", "/api/datasources/proxy/uid/bea14157-8927-407b-8b48-f0cfaa53862d/api/v1/query",
                "query=up");
        assertThat(posted.status()).isEqualTo(200);
        assertThat(posted.json().path("method").asText()).isEqualTo("POST");
        assertThat(posted.json().path("body").asText()).isEqualTo("query=up");

        assertThat(call("GET", "/api/datasources/proxy/1/teapot", null).status()).isEqualTo(418);
        assertThat(call("GET", "/api/datasources/proxy/9/api/v1/query", null).status()).isEqualTo(404);

        upstream.stop(0);
        Answer down = call("GET", "/api/datasources/proxy/1/api/v1/query?query=up", null);
        assertThat(down.status()).isEqualTo(502);
    }

    @Test
    void pauseRefusesConnectionsAndResumeServesTheSameState() throws Exception {
        String base = grafana.baseUrl();
        call("POST", "/api/dashboards/db", "{\"dashboard\":{\"uid\":\"survives\",\"title\":\"Survives Pause\"}}");

        grafana.pause();
        try {
            HttpClient fresh = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/api/health"))
                    .timeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> fresh.send(health, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
        } finally {
            grafana.resume();
        }

        assertThat(grafana.baseUrl()).isEqualTo(base);
        assertThat(send("GET", "/api/health", null, Map.of()).status()).isEqualTo(200);
        assertThat(call("GET", "/api/dashboards/uid/survives", null).status()).isEqualTo(200);
    }

    @Test
    void journalListsRequestsWithTheirStatus() throws Exception {
        call("GET", "/api/dashboards/uid/journal-probe", null);

        assertThat(grafana.requests()).contains("GET /api/dashboards/uid/journal-probe -> 404");
    }

    private static String rule(String uid, String title, String folderUid) {
        return "{\"uid\":\"" + uid + "\",\"title\":\"" + title + "\",\"ruleGroup\":\"lab\",\"folderUID\":\""
                + folderUid + "\",\"condition\":\"B\",\"noDataState\":\"NoData\",\"execErrState\":\"Error\","
                + "\"for\":\"5m\",\"labels\":{\"severity\":\"critical\"},"
                + "\"annotations\":{\"summary\":\"" + SUMMARY + "\"},"
                + "\"data\":[{\"refId\":\"A\",\"datasourceUid\":\"bea14157-8927-407b-8b48-f0cfaa53862d\","
                + "\"relativeTimeRange\":{\"from\":600,\"to\":0},\"model\":{\"expr\":\"up == 0\"}},"
                + "{\"refId\":\"B\",\"datasourceUid\":\"__expr__\",\"model\":{\"type\":\"threshold\","
                + "\"expression\":\"A\"}}]}";
    }

    private static JsonNode stored(String contactPointUid) {
        return grafana.contactPoints().stream().filter(cp -> cp.path("uid").asText().equals(contactPointUid))
                .findFirst().orElseThrow();
    }

    private static List<String> uids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path("uid").asText()).toList();
    }

    private static List<Long> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path("id").asLong()).toList();
    }

    private static Answer call(String method, String path, String body) throws Exception {
        return send(method, path, body, Map.of("Authorization", "Bearer " + TOKEN));
    }

    private static Answer send(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(grafana.baseUrl() + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }
}
