package pmgr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void onlyTheDefinitionsARunCallsHaveTheirExpressionsCompiledBeforeIt(@TempDir Path dir) throws Exception {
        // delta's expression does not compile (no such variable); greet never calls delta
        TestHome home = home(dir).definition("delta", "name: delta\ntype: test/echo\nglobalArguments: {prefix: '${{ nosuch.value }}'}\n");
        try (Engine engine = Engine.start(home.settings(), Engine.Options.defaults().onlyFor("greet"))) {
            var run = engine.runner().await(engine.runner().start("greet", Map.of("who", "cli"), "test"), Duration.ofSeconds(30));
            assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("SUCCEEDED");
        }
        // serve checks every definition; so does a run that calls delta, and its other checks stay for all
        assertThatThrownBy(() -> Engine.start(home.settings(), Engine.Options.defaults().asServer()).close())
                .isInstanceOf(StartupException.class).hasStackTraceContaining("delta.yaml: globalArguments.prefix: CEL does not compile");
        TestHome calling = home(dir.resolve("calling")).definition("alpha", "name: alpha\ntype: test/echo\nglobalArguments: {prefix: '${{ nosuch.value }}'}\n");
        assertThatThrownBy(() -> Engine.start(calling.settings(), Engine.Options.defaults().onlyFor("greet")).close())
                .isInstanceOf(StartupException.class).hasStackTraceContaining("alpha.yaml: globalArguments.prefix: CEL does not compile");
        TestHome misnamed = home(dir.resolve("misnamed")).definition("delta", "name: delta\ntype: test/echo\nglobalArguments: {nosuch: 1}\n");
        assertThatThrownBy(() -> Engine.start(misnamed.settings(), Engine.Options.defaults().onlyFor("greet")).close())
                .isInstanceOf(StartupException.class).hasStackTraceContaining("delta.yaml: globalArguments.nosuch");
    }

    @Test
    void aCommandThatRunsNothingLoadsNoRoutesAndCompilesNothing(@TempDir Path dir) throws Exception {
        // the broken route file and delta's expression would each stop serve; reading data needs neither
        TestHome home = home(dir).definition("delta", "name: delta\ntype: test/echo\nglobalArguments: {prefix: '${{ nosuch.value }}'}\n");
        try (Engine engine = Engine.start(home.settings(), Engine.Options.defaults().runningNothing())) {
            assertThat(engine.camel().getRoutes()).isEmpty();
            assertThat(engine.workflows().all()).isEmpty();
            assertThat(engine.definitions().all()).extracting(Definition::name).contains("alpha", "beta", "gamma", "delta");
            assertThat(engine.ledger().list(10, null)).isEmpty();
        }
    }

    @Test
    void aWorkflowThatLooksAtTheDefinitionsLoadsEverything(@TempDir Path dir) throws Exception {
        String listing = """
                - route:
                    id: listing
                    group: workflow
                    description: Echoes how many echo definitions there are
                    from:
                      uri: direct:workflow.listing
                      steps:
                        - step:
                            id: count
                            description: Alpha says the count
                            steps:
                              - setVariable:
                                  name: args
                                  expression:
                                    language: {language: cel, expression: "{'message': string(size(definitions.byType('test/echo')))}"}
                              - to: direct:alpha.echo
                """;
        TestHome home = new TestHome(dir).definition("alpha", "name: alpha\ntype: test/echo\n")
                .definition("delta", "name: delta\ntype: test/echo\n").route("listing", listing);
        try (Engine engine = Engine.start(home.settings(), Engine.Options.defaults().onlyFor("listing"))) {
            assertThat(engine.camel().getRoutes()).extracting(Route::getRouteId).contains("listing", "alpha.echo", "delta.echo");
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
