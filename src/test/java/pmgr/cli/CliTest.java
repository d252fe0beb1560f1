package pmgr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.api.ApiServer;
import pmgr.common.Json;
import pmgr.engine.Engine;
import pmgr.testing.Cli;
import pmgr.testing.Cli.Result;
import pmgr.testing.TestHome;
import pmgr.testing.Workflows;

/** The CLI from the outside: commands, text and JSON output, exit codes; with and without a server. */
class CliTest {
    @TempDir
    static Path dir;
    static TestHome home;

    @BeforeAll
    static void setUp() {
        home = new TestHome(dir)
                .definition("alpha", "name: alpha\ntype: test/echo\ndescription: First echo\nglobalArguments: {prefix: 'A:'}\n")
                .definition("beta", "name: beta\ntype: test/echo\nglobalArguments: {prefix: 'B:'}\n")
                .route("greet", Workflows.GREET)
                .route("failing", Workflows.FAILING);
    }

    private static JsonNode json(Result r) throws Exception {
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void runsAWorkflowPrintingProgressAndExitsZero() {
        Result r = Cli.run(dir, "workflow", "run", "greet", "--input", "who=bob");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("> first: Alpha greets", "    alpha.echo: echo A:hello bob", "ok first (",
                "> second: Beta repeats what alpha said", "- many: skipped (not taken (condition))", "> once: Said once");
        assertThat(r.out().lines().reduce((a, b) -> b).orElseThrow()).matches("run \\S+ greet SUCCEEDED in .*");
    }

    @Test
    void aFailedRunExitsOneAndJsonHasAStableShape() throws Exception {
        Result r = Cli.run(dir, "workflow", "run", "failing", "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode run = json(r);
        assertThat(run.path("status").asText()).isEqualTo("FAILED");
        assertThat(run.path("error").asText()).isEqualTo("alpha.fail: boom");
        assertThat(run.path("target").asText()).isEqualTo("failing");
        assertThat(run.path("kind").asText()).isEqualTo("workflow");
        assertThat(run.path("origin").asText()).startsWith("cli:");
        assertThat(run.path("steps")).extracting(s -> s.path("id").asText() + "=" + s.path("status").asText())
                .containsExactly("first=SUCCEEDED", "breaks=FAILED", "cleanup=SUCCEEDED", "never=SKIPPED");
        assertThat(run.path("steps").get(0).path("logs").get(0).path("line").asText()).isEqualTo("echo A:fine");
        assertThat(run.path("durationMs").isNumber()).isTrue();
        // the same run, read back
        Result again = Cli.run(dir, "run", "get", run.path("id").asText(), "--json");
        assertThat(json(again).path("steps")).hasSize(4);
    }

    @Test
    void badUsageAndBadInputsExitTwoAndExplain() {
        Result missing = Cli.run(dir, "workflow", "run", "greet", "--input", "times=x", "--input", "colour=red");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("error: inputs of workflow greet", "  - input 'who' is required (Who to greet)",
                "  - input 'times' must be a whole number, got 'x'", "  - unknown input 'colour' (inputs: who, times)");
        Result unknown = Cli.run(dir, "workflow", "run", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no workflow named 'nope' (workflows: failing, greet)");
        assertThat(Cli.run(dir, "workflow", "run").exitCode()).isEqualTo(2);
        assertThat(Cli.run(dir, "workflow", "run", "greet", "--input", "novalue").err()).contains("--input must be key=value");
        assertThat(Cli.run(dir, "frobnicate").exitCode()).isEqualTo(2);
    }

    @Test
    void everyCommandHasHelpAndOnlyTheCommandRunIsBuilt() {
        Result help = Cli.run(dir, "run", "list", "--help");
        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage: pmgr run list", "--limit=<limit>");
        Result top = Cli.run(dir, "--help");
        assertThat(top.out()).contains("serve", "workflow", "run", "model", "data", "vault", "bench", "chat", "init");
        assertThat(PmgrCli.commandsFor(new String[] {"--home", "run", "workflow", "list"})).containsExactly(WorkflowCommands.class);
        assertThat(PmgrCli.commandsFor(new String[] {"nosuch"})).hasSize(10);
        assertThat(Cli.run(dir, "nosuch").err()).contains("Unmatched argument at index", "'nosuch'");
    }

    @Test
    void describesWorkflowsAndModels() throws Exception {
        Result list = Cli.run(dir, "workflow", "list");
        assertThat(list.out()).contains("greet     Greets someone twice", "failing   Fails in the middle and cleans up");
        Result describe = Cli.run(dir, "workflow", "describe", "greet");
        assertThat(describe.out()).contains("inputs:", "  who (string, required) Who to greet", "  times (integer, default 1) How many times",
                "lock: 'person:' + inputs.who", "  first: Alpha greets");
        JsonNode types = json(Cli.run(dir, "model", "types", "--json"));
        assertThat(types).extracting(t -> t.path("type").asText()).contains("proxmox/vm", "minecraft/server", "test/echo");
        JsonNode echo = java.util.stream.StreamSupport.stream(types.spliterator(), false)
                .filter(t -> t.path("type").asText().equals("test/echo")).findFirst().orElseThrow();
        assertThat(echo.path("methods").get(0).path("arguments").get(0).path("name").asText()).isEqualTo("message");
        assertThat(Cli.run(dir, "model", "list").out()).contains("alpha", "test/echo", "First echo");
        assertThat(json(Cli.run(dir, "model", "get", "alpha")).path("globalArguments").path("prefix").asText()).isEqualTo("A:");
    }

    @Test
    void runsOneMethodAndShowsItsDataAndHistory() throws Exception {
        assertThat(Cli.run(dir, "model", "method", "run", "beta", "echo", "--arg", "message=one", "--arg", "name=hist").exitCode()).isZero();
        assertThat(Cli.run(dir, "model", "method", "run", "beta", "echo", "--arg", "message=two", "--arg", "name=hist").exitCode()).isZero();
        Result bad = Cli.run(dir, "model", "method", "run", "beta", "echo", "--arg", "times=0", "--arg", "message=x");
        assertThat(bad.exitCode()).as("bad input, refused before it runs").isEqualTo(2);
        assertThat(bad.err()).contains("beta.echo arguments", "argument 'times' must be between 1 and 100, got 0");

        assertThat(Cli.run(dir, "data", "list", "beta").out()).contains("echo/hist", "v2");
        Result get = Cli.run(dir, "data", "get", "beta", "hist");
        assertThat(get.out()).contains("echo/hist v2", "\"text\" : \"B:two\"");
        JsonNode v1 = json(Cli.run(dir, "data", "get", "beta", "echo/hist", "--version", "1", "--json"));
        assertThat(v1.path("attributes").path("text").asText()).isEqualTo("B:one");
        JsonNode versions = json(Cli.run(dir, "data", "versions", "beta", "hist", "--json"));
        assertThat(versions.path("versions")).extracting(v -> v.path("version").asInt()).containsExactly(1, 2);
        assertThat(Cli.run(dir, "data", "get", "beta", "nothing").err()).contains("no data named 'nothing' for beta");
        JsonNode runs = json(Cli.run(dir, "run", "list", "--target", "beta.echo", "--json"));
        assertThat(runs.size()).as("the two that ran; the refused one was never recorded").isGreaterThanOrEqualTo(2);
    }

    @Test
    void vaultSecretsAreNeverPrinted() {
        Result put = Cli.runWithStdin(dir, "pa55-word-xyz\n", "vault", "put", "proxmox-vault", "password");
        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(Cli.run(dir, "vault", "list").out()).contains("proxmox-vault/password").doesNotContain("pa55");
        assertThat(Cli.run(dir, "vault", "put", "Bad Name", "k").err()).contains("vault name must be lower-case letters");
        assertThat(Cli.run(dir, "vault", "rm", "proxmox-vault", "password").out()).contains("removed proxmox-vault/password");
        assertThat(Cli.run(dir, "vault", "rm", "proxmox-vault", "password").exitCode()).isEqualTo(2);
    }

    @Test
    void withAServerRunningTheCliGoesThroughItsHttpApi() throws Exception {
        try (ApiServer server = ApiServer.start(home.settings(), Engine.Options.defaults())) {
            assertThat(Files.readString(dir.resolve("data/server.json"))).contains(server.url());
            Result r = Cli.run(dir, "workflow", "run", "greet", "--input", "who=eve", "--json");
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode run = json(r);
            assertThat(run.path("origin").asText()).matches("cli:.* \\(http\\)");
            // the server's engine recorded it: the CLI did not open the database itself
            assertThat(server.engine().ledger().get(run.path("id").asText())).isPresent();
            assertThat(Cli.run(dir, "data", "get", "beta", "copy").out()).contains("B:A:hello eve");
            Result bad = Cli.run(dir, "workflow", "run", "greet");
            assertThat(bad.exitCode()).isEqualTo(2);
            assertThat(bad.err()).contains("input 'who' is required");
            assertThat(Cli.runWithStdin(dir, "via-http-secret\n", "vault", "put", "v", "k").exitCode()).isZero();
            assertThat(server.engine().vault().get("v", "k")).contains("via-http-secret");
        }
        assertThat(dir.resolve("data/server.json")).doesNotExist();
    }

    @Test
    void serveRefusesAPortThatIsTaken() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Result r = Cli.run(dir, Map.of("pmgr.http.port", String.valueOf(taken.getLocalPort())), "serve");
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort(), "is another pmgr serve running?");
        }
    }

    @Test
    void initWritesAWorkingHomeAndAFolderThatIsNoneIsExplained(@TempDir Path elsewhere) throws Exception {
        Path empty = elsewhere.resolve("empty");
        java.nio.file.Files.createDirectories(empty);
        Result notAHome = Cli.run(empty, "workflow", "run", "sync-fleet");
        assertThat(notAHome.exitCode()).isEqualTo(2);
        assertThat(notAHome.err()).contains(empty + " is not a pmgr home", "pmgr init " + empty);

        Path lab = elsewhere.resolve("lab");
        Result init = Cli.run(elsewhere, "init", lab.toString());
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.out()).contains("created a pmgr home in " + lab, "vault put proxmox-vault password");
        for (String shipped : List.of("definitions/fleet.yaml", "routes/sync-fleet.yaml", "beans/aggregation.yaml", "bot/commands.yaml")) {
            assertThat(lab.resolve(shipped)).hasSameTextualContentAs(Path.of(shipped));
        }
        String properties = java.nio.file.Files.readString(lab.resolve("application.properties"));
        assertThat(properties).contains("#pmgr.lab.proxmox.apiUrl=https://10.0.0.4:8006", "#pmgr.lab.ssh.hostKeyPolicy=accept-new",
                "# accept-new (record first-seen host keys", "#pmgr.bot.role=homie");
        // every lab setting is there, with its meaning above it
        java.util.Properties defaults = new java.util.Properties();
        try (var in = getClass().getResourceAsStream("/pmgr-defaults.properties")) {
            defaults.load(in);
        }
        defaults.stringPropertyNames().stream().filter(k -> k.startsWith("pmgr.lab."))
                .forEach(k -> assertThat(properties).contains("#" + k + "="));
        Result list = Cli.run(lab, "workflow", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("sync-fleet", "start-minecraft");
        Result again = Cli.run(elsewhere, "init", lab.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already has definitions/", "nothing was changed");
    }
}
