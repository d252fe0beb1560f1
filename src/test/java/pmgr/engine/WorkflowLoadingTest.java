package pmgr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.testing.TestHome;

/** Mistakes in workflow files stop the start with a message that says where and what. */
class WorkflowLoadingTest {

    private static String workflow(String header, String routeExtra, String steps) {
        return header + """
                - route:
                    id: w
                %s
                    from:
                      uri: direct:workflow.w
                      steps:
                %s
                """.formatted(routeExtra, steps.stripIndent().indent(8));
    }

    private static final String GOOD_STEP = """
                    - step:
                        id: one
                        description: Does one thing
                        steps:
                          - to: direct:alpha.fail
            """;

    private static Throwable start(Path dir, String yaml) {
        return catchThrowable(() -> new TestHome(dir).definition("alpha", "name: alpha\ntype: test/echo\n")
                .route("w", yaml).start().close());
    }

    @Test
    void aGoodWorkflowLoads(@TempDir Path dir) {
        assertThat(start(dir, workflow("- workflow: {}\n", "    group: workflow\n    description: Fine", GOOD_STEP))).isNull();
    }

    @Test
    void stepsNeedIdsAndDescriptions(@TempDir Path dir) {
        Throwable t = start(dir, workflow("- workflow: {}\n", "    group: workflow\n    description: Fine", """
                    - step:
                        id: one
                        steps:
                          - to: direct:alpha.fail
                """));
        assertThat(((StartupException) t).problems()).containsExactly(
                "routes/w.yaml: step 'one' needs a description (what it does, shown to people)");
    }

    @Test
    void theRouteMustBeAWorkflowRoute(@TempDir Path dir) {
        Throwable t = start(dir, workflow("- workflow: {}\n", "    description: Fine", GOOD_STEP)
                .replace("direct:workflow.w", "direct:elsewhere"));
        assertThat(((StartupException) t).problems()).containsExactly(
                "routes/w.yaml: route 'w' needs 'group: workflow'",
                "routes/w.yaml: route 'w' must start from 'direct:workflow.w', not 'direct:elsewhere'");
    }

    @Test
    void inputDeclarationsAreChecked(@TempDir Path dir) {
        Throwable t = start(dir, workflow("""
                - workflow:
                    inputs:
                      vmName: {type: text, required: true}
                      count: {type: integer, default: many, description: How many}
                    lockWait: soon
                    retries: 3
                """, "    group: workflow\n    description: Fine", GOOD_STEP));
        assertThat(((StartupException) t).problems()).containsExactlyInAnyOrder(
                "routes/w.yaml: workflow: unknown key 'retries' (allowed: bestEffort, inputs, lock, lockWait, uses)",
                "routes/w.yaml: workflow.inputs.vmName.type must be one of [string, integer, number, boolean, list, map], got 'text'",
                "routes/w.yaml: workflow.inputs.vmName.description is required (people and the bot read it)",
                "routes/w.yaml: workflow.inputs.count.default: input 'count' must be a whole number, got 'many'",
                "routes/w.yaml: workflow.lockWait must be a duration like 500ms, 30s, 5m or 2h, got 'soon'");
    }

    @Test
    void celThatDoesNotCompileStopsTheStart(@TempDir Path dir) {
        Throwable t = start(dir, workflow("- workflow: {}\n", "    group: workflow\n    description: Fine", """
                    - step:
                        id: one
                        description: Bad CEL
                        steps:
                          - setVariable:
                              name: args
                              expression:
                                language: {language: cel, expression: "{'message': inputz.x}"}
                          - to: direct:alpha.echo
                """));
        assertThat(t).isNotNull();
        assertThat(pmgr.engine.Errors.describe(t) + " " + String.valueOf(t.getCause()))
                .contains("undeclared reference to 'inputz'");
    }
}
