package pmgr.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.common.Json;
import pmgr.engine.Engine;
import pmgr.testing.TestHome;
import pmgr.testing.Workflows;

/** The HTTP API from the outside, with a real HTTP client. */
class HttpApiTest {
    @TempDir
    static Path dir;
    static ApiServer server;
    static String token;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        TestHome home = new TestHome(dir).set("pmgr.metrics.token-required", "true")
                .definition("alpha", "name: alpha\ntype: test/echo\nglobalArguments: {prefix: 'A:'}\n")
                .definition("beta", "name: beta\ntype: test/echo\n")
                .route("greet", Workflows.GREET)
                .route("slow", Workflows.SLOW);
        server = ApiServer.start(home.settings(), Engine.Options.defaults());
        token = Files.readString(dir.resolve("data/api-token")).trim();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    /** The call was refused with this status, and its error says (contains) this. */
    static Reply refused(Reply r, int status, String says) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
        assertThat(r.body().path("error").asText()).contains(says);
        return r;
    }

    static Reply call(String method, String path, String body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(r.body());
        } catch (java.io.IOException notJson) {
            json = Json.MAPPER.createObjectNode().put("text", r.body());
        }
        return new Reply(r.statusCode(), json, r);
    }

    @Test
    void hostileInputsAreRefusedWithClearErrorsAndNothingIsStored() throws Exception {
        int runs = server.engine().ledger().list(1000, null).size();
        Reply huge = call("POST", "/api/workflows/greet/runs", "{\"who\": \"" + "x".repeat(8 * 1024 * 1024) + "\"}", token);
        assertThat(huge.status()).as("an 8 MB body").isEqualTo(413);
        Reply tooLong = call("POST", "/api/workflows/greet/runs", "{\"who\": \"" + "x".repeat(5000) + "\"}", token);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().path("problems").get(0).asText()).isEqualTo("input 'who' is 5000 characters long; at most 4096 are taken");
        Reply longArg = call("POST", "/api/models/alpha/methods/echo/runs", "{\"message\": \"" + "y".repeat(5000) + "\"}", token);
        assertThat(longArg.status()).isEqualTo(400);
        assertThat(longArg.body().path("problems").get(0).asText()).contains("'message'", "5000 characters", "at most 4096");
        for (String notAnObject : List.of("{\"who\": ", "[\"x\"]", "\"x\"")) {
            refused(call("POST", "/api/workflows/greet/runs", notAnObject, token), 400, "request body must be a JSON object");
        }
        refused(call("GET", "/api/runs?limit=many", null, token), 400, "query parameter 'limit' must be a whole number, got 'many'");
        assertThat(server.engine().ledger().list(1000, null)).as("nothing recorded").hasSize(runs);
    }

    @Test
    void aDatabaseFailureNeverShowsTheDatabasesOwnText() {
        var failure = new pmgr.store.StoreException("database error: value too long for type character varying(4096) in column INPUTS",
                new java.sql.SQLException("data exception: string data, right truncation; table: RUNS column: INPUTS"));
        String shown = pmgr.engine.Errors.forClient(new RuntimeException("wrapped", failure));
        assertThat(shown).startsWith("the database failed (see the log of pmgr serve, reference ").doesNotContain("INPUTS", "RUNS", "varying");
        assertThat(pmgr.engine.Errors.forClient(new IllegalArgumentException("our own words"))).isEqualTo("our own words");
    }

    @Test
    void theTokenFileIsPrivateAndTheServerListensOnLoopback() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data/api-token")))).isEqualTo("rw-------");
        assertThat(server.url()).startsWith("http://127.0.0.1:");
    }

    @Test
    void eachEndpointIsARouteOfGroupApiThatHawtioCounts() throws Exception {
        call("GET", "/api/runs", null, token);
        var route = server.engine().camel().getRoute("api GET /api/runs");
        assertThat(route).isNotNull();
        assertThat(route.getGroup()).isEqualTo("api");
        var counted = (org.apache.camel.api.management.mbean.ManagedRouteMBean) server.engine().camel()
                .getCamelContextExtension().getContextPlugin(org.apache.camel.api.management.ManagedCamelContext.class)
                .getManagedRoute("api GET /api/runs");
        assertThat(counted.getExchangesTotal()).isPositive();
    }

    @Test
    void everyCallNeedsTheBearerToken() throws Exception {
        refused(call("GET", "/api/workflows", null, null), 401, "missing bearer token");
        Reply wrong = refused(call("GET", "/api/workflows", null, "nope"), 401, "wrong bearer token");
        assertThat(wrong.raw().headers().firstValue("Content-Type")).hasValue("application/json");
        Reply listed = call("GET", "/api/workflows", null, token);
        assertThat(listed.raw().headers().map().keySet()).as("the request's headers (its token) are not echoed")
                .noneMatch(h -> h.equalsIgnoreCase("Authorization"));
        // health needs no token (this home's Proxmox is the original lab's, unreachable here: not ready)
        Reply health = call("GET", "/api/health/live", null, null);
        assertThat(health.status()).as(health.body().toString()).isEqualTo(200);
        assertThat(health.body().path("checks").path("database").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void listsAndDescribesWorkflows() throws Exception {
        Reply all = call("GET", "/api/workflows", null, token);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).extracting(w -> w.path("name").asText()).containsExactly("greet", "slow");
        Reply one = call("GET", "/api/workflows/greet", null, token);
        assertThat(one.body().path("inputs").get(0).path("name").asText()).isEqualTo("who");
        assertThat(one.raw().headers().map()).doesNotContainKey("authorization").doesNotContainKey("name");
        refused(call("GET", "/api/workflows/nope", null, token), 404, "no workflow named 'nope'");
        // the shapes clients read, field by field and in order
        assertThat(fields(one.body())).containsExactly("name", "description", "inputs", "lock", "steps", "file");
        assertThat(fields(one.body().path("inputs").get(0)))
                .containsExactly("name", "type", "required", "default", "description", "pattern", "enum", "secret", "patternHint");
        assertThat(one.body().path("file").asText()).isEqualTo("routes/greet.yaml");
        Reply model = call("GET", "/api/models/alpha", null, token);
        assertThat(fields(model.body())).containsExactly("name", "type", "description", "file", "globalArguments", "methods", "typeInfo");
        assertThat(model.body().path("file").asText()).isEqualTo("definitions/alpha.yaml");
        assertThat(fields(model.body().path("typeInfo").path("globalArguments").get(0)))
                .containsExactly("name", "type", "required", "nullable", "default", "description", "pattern", "patternHint");
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void startsRunsAndReportsThem() throws Exception {
        Reply started = call("POST", "/api/workflows/greet/runs", "{\"who\":\"http\"}", token);
        assertThat(started.status()).isEqualTo(202);
        String id = started.body().path("id").asText();
        JsonNode run = call("GET", "/api/runs/" + id + "?waitMs=20000", null, token).body();
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        // a look that waits answers at the run's end, or as the run is when its wait is over
        String sleeper = call("POST", "/api/models/alpha/methods/sleep/runs", "{\"millis\":1500}", token).body().path("id").asText();
        assertThat(call("GET", "/api/runs/" + sleeper + "?waitMs=100", null, token).body().path("status").asText()).isEqualTo("RUNNING");
        assertThat(call("GET", "/api/runs/" + sleeper + "?waitMs=20000", null, token).body().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.path("origin").asText()).isEqualTo("http");

        Reply waited = call("POST", "/api/workflows/greet/runs?wait=true", "{\"who\":\"waiter\",\"times\":2}", token);
        assertThat(waited.status()).isEqualTo(200);
        assertThat(waited.body().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(waited.body().path("steps")).hasSize(4);

        Reply data = call("GET", "/api/data/alpha/last", null, token);
        assertThat(fields(data.body()))
                .containsExactly("instance", "type", "spec", "name", "version", "createdAt", "method", "runId", "step", "attributes");
        assertThat(data.body().path("attributes").path("text").asText()).isEqualTo("A:hello waiterhello waiter");
        Reply versions = call("GET", "/api/data/alpha/last/versions?spec=echo", null, token);
        assertThat(versions.body().path("versions").size()).isGreaterThanOrEqualTo(2);
        assertThat(call("GET", "/api/runs?limit=1", null, token).body()).hasSize(1);
    }

    @Test
    void badInputIsA400ListingEveryProblem() throws Exception {
        Reply bad = call("POST", "/api/workflows/greet/runs", "{\"times\":\"x\"}", token);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("problems")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("input 'who' is required (Who to greet)", "input 'times' must be a whole number, got 'x'");
        refused(call("POST", "/api/workflows/greet/runs", "who=x", token), 400, "request body must be a JSON object");
        refused(call("GET", "/api/runs?limit=many", null, token), 400, "limit");
        refused(call("GET", "/api/runs/no-such-run", null, token), 404, "no-such-run");
        refused(call("GET", "/api/runs/no-such-run?waitMs=100", null, token), 404, "no-such-run");
        refused(call("GET", "/api/runs/no-such-run?waitMs=60000", null, token), 400, "a run wait must be between 0 and 30000 ms, got 60000 ms");
        refused(call("GET", "/api/runs/no-such-run?waitMs=soon", null, token), 400, "query parameter 'waitMs' must be a whole number");
    }

    @Test
    void vaultValuesGoInButNeverComeOut() throws Exception {
        Reply put = call("PUT", "/api/vault/lab/apikey", "{\"value\":\"zz-top-secret-zz\"}", token);
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.raw().body()).doesNotContain("zz-top-secret-zz");
        assertThat(server.engine().vault().get("lab", "apikey")).as("stored as given").hasValue("zz-top-secret-zz");
        Reply list = call("GET", "/api/vault", null, token);
        assertThat(list.body().path("lab")).extracting(JsonNode::asText).containsExactly("apikey");
        assertThat(list.raw().body()).doesNotContain("zz-top-secret-zz");
        Reply echoed = call("POST", "/api/models/beta/methods/echo/runs?wait=true",
                "{\"message\":\"zz-top-secret-zz\",\"name\":\"leak\"}", token);
        assertThat(echoed.raw().body()).doesNotContain("zz-top-secret-zz").contains("***");
    }

    @Test
    void theCliSaysWhatHappenedWhenServeIsGoneOrDiesMidCall() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ApiException gone = org.assertj.core.api.Assertions.catchThrowableOfType(ApiException.class,
                () -> new HttpEngineApi("http://127.0.0.1:" + closed, "t", "test").workflows());
        assertThat(gone.getMessage()).isEqualTo("cannot reach pmgr serve at http://127.0.0.1:" + closed
                + ": nothing listens there (is pmgr serve running? it may have stopped)");
        // a server that takes the request and dies before it answers (its port closes with it)
        try (java.net.ServerSocket dying = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (dying; java.net.Socket c = dying.accept()) {
                    c.getInputStream().read(new byte[1024]);
                } catch (java.io.IOException ignored) {
                    // closing is the point
                }
            });
            t.start();
            ApiException died = org.assertj.core.api.Assertions.catchThrowableOfType(ApiException.class,
                    () -> new HttpEngineApi("http://127.0.0.1:" + dying.getLocalPort(), "t", "test").workflows());
            assertThat(died.getMessage()).startsWith("cannot reach pmgr serve at http://127.0.0.1:" + dying.getLocalPort() + ": ")
                    .containsAnyOf("the connection closed before an answer came (did pmgr serve stop?)",
                            "nothing listens there (is pmgr serve running? it may have stopped)")
                    .doesNotContain("null");
            t.join(5000);
        }
    }

    @Test
    void metricsCanRequireTheApiToken() throws Exception {
        assertThat(call("GET", "/metrics", null, null).status()).isEqualTo(401);
        Reply scraped = call("GET", "/metrics", null, token);
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.body().path("text").asText()).contains("# TYPE ");
    }
}
