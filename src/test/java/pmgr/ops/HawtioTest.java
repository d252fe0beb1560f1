package pmgr.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.common.Json;
import pmgr.engine.Engine;
import pmgr.testing.HeadlessChromium;
import pmgr.testing.Lab;
import pmgr.testing.TestHome;
import pmgr.testing.Workflows;

/** Hawtio as serve runs it, from the outside: Jolokia over HTTP, and the console in a real Chromium. */
class HawtioTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static Engine engine;
    static HawtioServer hawtio;
    static String password;

    @BeforeAll
    static void start() throws Exception {
        Lab.copyShipped(dir);
        TestHome home = new TestHome(dir).set("pmgr.hawtio.port", "0")
                .definition("alpha", "name: alpha\ntype: test/echo\nglobalArguments: {prefix: 'A:'}\n")
                .definition("beta", "name: beta\ntype: test/echo\n")
                .route("greet", Workflows.GREET);
        engine = home.start();
        hawtio = HawtioServer.start(home.settings());
        hawtio.deploy();
        password = Files.readString(dir.resolve("data/hawtio-password")).trim();
    }

    @AfterAll
    static void stop() {
        if (hawtio != null) {
            hawtio.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    static HttpResponse<String> jolokia(String path, String user, String secret) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hawtio.url() + "jolokia/" + path));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void jolokiaReadsAWorkflowRoutesStatisticsForTheConfiguredUserOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data/hawtio-password")))).isEqualTo("rw-------");
        assertThat(jolokia("version", null, null).statusCode()).as("no login").isIn(401, 403);
        assertThat(jolokia("version", "admin", "wrong").statusCode()).as("a wrong password").isIn(401, 403);
        assertThat(jolokia("version", "someone", password).statusCode()).as("another user").isIn(401, 403);

        String mbean = "org.apache.camel:context=pmgr,type=routes,name=%22greet%22";
        long before = Json.MAPPER.readTree(jolokia("read/" + mbean + "/ExchangesTotal", "admin", password).body()).path("value").asLong();
        assertThat(engine.runner().await(engine.runner().start("greet", Map.of("who", "hawtio"), "test"), Duration.ofSeconds(30))
                .status()).isEqualTo("SUCCEEDED");
        HttpResponse<String> read = jolokia("read/" + mbean + "/ExchangesTotal", "admin", password);
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode value = Json.MAPPER.readTree(read.body());
        assertThat(value.path("status").asInt()).as(read.body()).isEqualTo(200);
        assertThat(value.path("value").asLong()).isEqualTo(before + 1);
        // the route's group is what the Camel plugin groups by
        JsonNode group = Json.MAPPER.readTree(jolokia("read/" + mbean + "/RouteGroup", "admin", password).body());
        assertThat(group.path("value").asText()).isEqualTo("workflow");
    }

    @Test
    void theConsoleLogsInAndShowsTheWorkflowRoutes() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.navigate(hawtio.url());
            chromium.awaitText(t -> !t.isBlank(), "the login page", Duration.ofSeconds(60));
            JsonNode login = chromium.evaluate("fetch('/hawtio/auth/login', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                    + " body: JSON.stringify({username: 'admin', password: '" + password + "'})}).then(r => r.status)");
            assertThat(login.asInt()).isEqualTo(200);
            chromium.navigate(hawtio.url() + "camel/routes");
            String shown = chromium.awaitText(t -> t.contains("start-vm"), "the start-vm route", Duration.ofSeconds(60));
            assertThat(shown).contains("sync-fleet");
        }
    }
}
