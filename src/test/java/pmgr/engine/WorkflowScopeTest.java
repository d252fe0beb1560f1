package pmgr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.testing.TestHome;
import pmgr.testing.Workflows;

/** A command line run of one workflow loads it and the method routes it reaches, nothing else. */
class WorkflowScopeTest {
    static final String BROKEN = "- route:\n    id: broken\n    from: {uri: 'direct:workflow.broken', steps: [{to: 'nope:'}]}\n";

    static TestHome home(Path dir) {
        return new TestHome(dir).route("broken", BROKEN)
                .definition("alpha", "name: alpha\ntype: test/echo\n")
                .definition("beta", "name: beta\ntype: test/echo\nglobalArguments: {prefix: '${{ model.gamma.resource.echo[?\"none\"].?attributes.?message.orValue(\"B:\") }}'}\n")
                .definition("gamma", "name: gamma\ntype: test/echo\n")
                .definition("delta", "name: delta\ntype: test/echo\n")
                .route("greet", Workflows.GREET)
                .route("fan-out", Workflows.FAN_OUT);
    }

    @Test
    void aRunOfOneWorkflowLoadsItAndTheDefinitionsItReachesOnly(@TempDir Path dir) throws Exception {
        try (Engine engine = Engine.start(home(dir).settings(), Engine.Options.defaults().onlyFor("greet"))) {
            // greet calls alpha and beta (whose arguments read gamma's data, not its routes); delta, fan-out and the broken file stay out
            assertThat(engine.camel().getRoutes()).extracting(Route::getRouteId)
                    .contains("greet", "alpha.echo", "beta.echo")
                    .noneMatch(id -> id.startsWith("delta.") || id.startsWith("gamma.") || id.equals("fan-out") || id.equals("broken"));
            var run = engine.runner().await(engine.runner().start("greet", Map.of("who", "cli"), "test"), Duration.ofSeconds(30));
            assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void aWorkflowWhoseCallsAreWorkedOutAtRunTimeLoadsEverything(@TempDir Path dir) throws Exception {
        TestHome home = new TestHome(dir).definition("delta", "name: delta\ntype: test/echo\n")
                .definition("alpha", "name: alpha\ntype: test/echo\n").definition("beta", "name: beta\ntype: test/echo\n")
                .route("greet", Workflows.GREET).route("fan-out", Workflows.FAN_OUT);
        try (Engine engine = Engine.start(home.settings(), Engine.Options.defaults().onlyFor("fan-out"))) {
            assertThat(engine.camel().getRoutes()).extracting(Route::getRouteId).contains("fan-out", "greet", "delta.echo");
        }
        // serve never narrows what it loads
        assertThat(Engine.Options.defaults().asServer().onlyFor("greet").onlyWorkflow()).isNull();
    }
}
