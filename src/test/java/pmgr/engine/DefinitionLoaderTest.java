package pmgr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.testing.TestHome;

/** Definitions are checked at start, with messages naming the file and the key. */
class DefinitionLoaderTest {

    @Test
    void everyProblemNamesTheFileAndTheKey(@TempDir Path dir) {
        TestHome home = new TestHome(dir)
                .definition("good", "name: good\ntype: test/echo\nglobalArguments: {prefix: hi}\n")
                .definition("unknownType", "name: unknownType\ntype: test/nope\n")
                .definition("badArgs", """
                        name: badArgs
                        type: test/echo
                        globalArguments:
                          prefix: 5
                          colour: red
                        methods:
                          echo:
                            arguments:
                              times: many
                          dance: {}
                        """)
                .definition("badCel", """
                        name: badCel
                        type: test/echo
                        globalArguments:
                          prefix: ${{ inputs.who + }}
                          host: ${{ model.ghost.resource.vm["x"].attributes.ip }}
                        """)
                .definition("wrongName", "name: other\ntype: test/echo\n");
        StartupException e = catchThrowableOfType(StartupException.class, home::start);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("definitions/unknownType.yaml: type 'test/nope' is unknown"))
                .anySatisfy(p -> assertThat(p).startsWith("definitions/badArgs.yaml: globalArguments.colour: unknown argument 'colour'"))
                .anySatisfy(p -> assertThat(p).isEqualTo("definitions/badArgs.yaml: methods.echo.arguments.times: argument 'times' must be a whole number, got 'many'"))
                .anySatisfy(p -> assertThat(p).startsWith("definitions/badArgs.yaml: methods.dance: test/echo has no method 'dance'"))
                .anySatisfy(p -> assertThat(p).startsWith("definitions/badCel.yaml: globalArguments.prefix: CEL does not compile"))
                .anySatisfy(p -> assertThat(p).startsWith("definitions/badCel.yaml: reads model.ghost, but no definition is named 'ghost'"))
                .anySatisfy(p -> assertThat(p).startsWith("definitions/wrongName.yaml: name 'other' must match the file name"));
        // a number is acceptable text for a string argument
        assertThat(e.problems()).noneMatch(p -> p.contains("globalArguments.prefix: argument"));
    }

    @Test
    void aMethodBlockThatLeavesRequiredArgumentsToTheCallerDoesNotBreakTheModel(@TempDir Path dir) throws Exception {
        TestHome home = new TestHome(dir)
                .definition("e", """
                        name: e
                        type: test/echo
                        methods:
                          echo:
                            arguments: {}
                          fail:
                            arguments: {message: from-definition}
                        """);
        try (Engine engine = home.start()) {
            String ok = engine.runner().startMethod("e", "echo", Map.of("message", "hi"), "test");
            assertThat(engine.runner().await(ok, Duration.ofSeconds(10)).status()).isEqualTo("SUCCEEDED");
            String missing = engine.runner().startMethod("e", "echo", Map.of(), "test");
            assertThat(engine.runner().await(missing, Duration.ofSeconds(10)).error())
                    .isEqualTo("e.echo arguments: argument 'message' is required (Text to echo)");
            String fails = engine.runner().startMethod("e", "fail", Map.of(), "test");
            assertThat(engine.runner().await(fails, Duration.ofSeconds(10)).error()).isEqualTo("e.fail: from-definition");
        }
    }

    @Test
    void aMethodArgumentDefaultTakenFromTheSettingsIsUsedAndAStepArgumentStillWins(@TempDir Path dir) throws Exception {
        TestHome home = new TestHome(dir).definition("e", "name: e\ntype: test/echo\n").set("pmgr.lab.ssh.user", "carol");
        try (Engine engine = home.start()) {
            String byDefault = engine.runner().startMethod("e", "failWith", Map.of(), "test");
            assertThat(engine.runner().await(byDefault, Duration.ofSeconds(10)).error()).isEqualTo("e.failWith: no carol");
            String given = engine.runner().startMethod("e", "failWith", Map.of("message", "mine"), "test");
            assertThat(engine.runner().await(given, Duration.ofSeconds(10)).error()).isEqualTo("e.failWith: mine");
        }
    }
}
