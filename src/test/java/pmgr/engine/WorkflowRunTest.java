package pmgr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.common.Json;
import pmgr.store.ResourceVersion;
import pmgr.store.RunRecord;
import pmgr.testing.TestHome;
import pmgr.testing.Workflows;

/** Workflows from YAML through the engine, with a test-scoped model type. */
class WorkflowRunTest {
    @TempDir
    static Path dir;
    static Engine engine;

    @BeforeAll
    static void start() {
        engine = new TestHome(dir)
                .definition("alpha", "name: alpha\ntype: test/echo\nglobalArguments: {prefix: 'A:'}\n")
                .definition("beta", "name: beta\ntype: test/echo\nglobalArguments: {prefix: 'B:', host: '${{ inputs.?host.orValue(null) }}'}\n")
                .definition("gamma", """
                        name: gamma
                        type: test/echo
                        description: Its host comes from data that never exists, so calls fail like an unreachable server
                        globalArguments:
                          host: ${{ model.alpha.resource.echo["never-written"].attributes.ip }}
                        """)
                .definition("vaulted", "name: vaulted\ntype: test/echo\nglobalArguments:\n  token: ${{ vault.get('test-vault', 'token') }}\n")
                .route("greet", Workflows.GREET)
                .route("fan-out", Workflows.FAN_OUT)
                .route("failing", Workflows.FAILING)
                .route("slow", Workflows.SLOW)
                .route("layout", """
                        - workflow:
                            inputs:
                              pick: {type: string, required: true, description: Which definition}
                              chosen: {type: string, required: true, description: Its prefix unless given, default: "${{ definitions.find('test/echo', 'prefix', inputs.pick).prefix }}"}
                        - route:
                            id: layout
                            group: workflow
                            description: Takes an input from a definition unless it is given
                            from:
                              uri: direct:workflow.layout
                              steps:
                                - step:
                                    id: echo
                                    description: Echo it
                                    steps:
                                      - setVariable:
                                          name: args
                                          expression:
                                            language: {language: cel, expression: "{'message': inputs.chosen, 'name': 'layout'}"}
                                      - to: direct:alpha.echo
                        """)
                .route("best-effort", """
                        - workflow:
                            bestEffort: [mark]
                        - route:
                            id: best-effort
                            group: workflow
                            description: Does its work, then marks it where a failure only warns
                            from:
                              uri: direct:workflow.best-effort
                              steps:
                                - step:
                                    id: work
                                    description: The work
                                    steps:
                                      - to: {uri: "call:alpha.echo", parameters: {message: "'done'"}}
                                - step:
                                    id: mark
                                    description: Marks it somewhere that is down
                                    steps:
                                      - to: {uri: "call:alpha.fail", parameters: {message: "'the dashboard is down'"}}
                                - step:
                                    id: after
                                    description: Still runs
                                    steps:
                                      - to: {uri: "call:alpha.echo", parameters: {message: "'after'"}}
                        """)
                .route("typo", """
                        - workflow: {}
                        - route:
                            id: typo
                            group: workflow
                            description: Passes an argument the method does not have
                            from:
                              uri: direct:workflow.typo
                              steps:
                                - step:
                                    id: call
                                    description: Misspelled argument
                                    steps:
                                      - setVariable:
                                          name: args
                                          expression:
                                            language: {language: cel, expression: "{'mesage': 'x'}"}
                                      - to: direct:alpha.echo
                        """)
                .route("wide", """
                        - workflow: {}
                        - route:
                            id: wide
                            group: workflow
                            description: Forty parallel branches that each wait for all the others
                            from:
                              uri: direct:workflow.wide
                              steps:
                                - step:
                                    id: meet
                                    description: Every branch at once
                                    steps:
                                      - split:
                                          expression:
                                            language: {language: cel, expression: "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]"}
                                          parallelProcessing: true
                                          steps:
                                            - to: direct:test.rendezvous
                        """)
                .start();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void parallelBranchesRunAllAtOnceOnTheFanOutPoolNotTenAtATime() throws Exception {
        // each branch waits (bounded) until all forty have arrived: with fewer threads than branches it never happens
        var arrived = new java.util.concurrent.CountDownLatch(40);
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        engine.camel().addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:test.rendezvous").process(e -> {
                    threads.add(Thread.currentThread().getName());
                    arrived.countDown();
                    if (!arrived.await(20, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw new IllegalStateException("only " + (40 - arrived.getCount()) + " of 40 branches ran at once");
                    }
                });
            }
        });
        RunRecord r = run("wide", Map.of());
        assertThat(arrived.getCount()).as("branches that never ran alongside the others").isZero();
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo("SUCCEEDED");
        assertThat(threads).as("a thread per branch").hasSize(40);
    }

    static RunRecord run(String workflow, Map<String, ?> inputs) throws Exception {
        return engine.runner().await(engine.runner().start(workflow, inputs, "test"), Duration.ofSeconds(30));
    }

    static Map<String, String> statuses(RunRecord r) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        r.steps().forEach(s -> m.put(s.stepId(), s.status()));
        return m;
    }

    @Test
    void aSequentialRunRecordsStepsLogsAndVersionedData() throws Exception {
        RunRecord r = run("greet", Map.of("who", "bob", "times", "2"));
        assertThat(r.status()).isEqualTo("SUCCEEDED");
        assertThat(r.inputs()).isEqualTo(Map.of("who", "bob", "times", 2L));
        assertThat(statuses(r)).containsExactly(Map.entry("first", "SUCCEEDED"), Map.entry("second", "SUCCEEDED"),
                Map.entry("many", "SUCCEEDED"), Map.entry("once", "SKIPPED"));
        assertThat(r.steps().get(0).description()).isEqualTo("Alpha greets");
        assertThat(r.steps().get(3).error()).isEqualTo("not taken (condition)");
        assertThat(r.logs()).extracting(RunRecord.LogLine::line).contains("echo A:hello bobhello bob", "echo B:A:hello bobhello bob");
        assertThat(r.logs().get(0).source()).isEqualTo("alpha.echo");
        assertThat(r.logs().get(0).stepSeq()).isEqualTo(r.steps().get(0).seq());
        ResourceVersion copy = engine.store().latest("beta", "echo", "copy").orElseThrow();
        assertThat(copy.attributes()).containsEntry("text", "B:A:hello bobhello bob");
        assertThat(copy.runId()).isEqualTo(r.id());
        assertThat(copy.step()).isEqualTo("second");
        assertThat(copy.method()).isEqualTo("echo");
        int before = engine.store().latest("alpha", "echo", "last").orElseThrow().version();
        run("greet", Map.of("who", "ann"));
        assertThat(engine.store().latest("alpha", "echo", "last").orElseThrow().version()).isEqualTo(before + 1);
    }

    @Test
    void aParallelSplitKeepsEachBranchOutcomeAndOneFailureFailsNothingElse() throws Exception {
        RunRecord r = run("fan-out", Map.of());
        assertThat(r.status()).isEqualTo("SUCCEEDED");
        assertThat(statuses(r)).containsExactly(Map.entry("collect", "SUCCEEDED"), Map.entry("after", "SUCCEEDED"));
        assertThat(engine.store().latest("alpha", "echo", "fan")).isPresent();
        assertThat(engine.store().latest("beta", "echo", "fan")).isPresent();
        assertThat(engine.store().latest("gamma", "echo", "fan")).isEmpty();
        assertThat(r.logs()).extracting(RunRecord.LogLine::line).anySatisfy(l -> assertThat(l)
                .startsWith("branch ").contains("failed: gamma globalArguments: host: model.alpha.resource.echo[\"never-written\"] does not exist"));
        // four instances -> four outcomes in the body handed to the next step
        assertThat(engine.store().latest("alpha", "echo", "after").orElseThrow().attributes()).containsEntry("text", "A:outcomes 4");
    }

    @Test
    void aFailedStepFailsTheRunSkipsTheRestAndTheCleanupStillRuns() throws Exception {
        RunRecord r = run("failing", Map.of());
        assertThat(r.status()).isEqualTo("FAILED");
        assertThat(r.error()).isEqualTo("alpha.fail: boom");
        assertThat(statuses(r)).containsExactly(Map.entry("first", "SUCCEEDED"), Map.entry("breaks", "FAILED"),
                Map.entry("cleanup", "SUCCEEDED"), Map.entry("never", "SKIPPED"));
        assertThat(r.steps().get(1).error()).isEqualTo("alpha.fail: boom");
        assertThat(r.steps().get(3).error()).isEqualTo("not reached: the run failed before it");
        assertThat(engine.store().latest("beta", "echo", "cleanup").orElseThrow().runId()).isEqualTo(r.id());
    }

    @Test
    void aBestEffortStepThatFailsIsAWarningAndTheRunSucceeds() throws Exception {
        RunRecord r = run("best-effort", Map.of());
        assertThat(r.status()).as(r.error()).isEqualTo("SUCCEEDED");
        assertThat(statuses(r)).containsExactly(Map.entry("work", "SUCCEEDED"), Map.entry("mark", "WARNING"),
                Map.entry("after", "SUCCEEDED"));
        assertThat(r.steps().get(1).error()).isEqualTo("alpha.fail: the dashboard is down");
        assertThat(r.logs()).anyMatch(l -> l.line().equals("warning: this step failed and the run goes on: alpha.fail: the dashboard is down"));
        // without the header the same failure fails the run: the header is what makes it a warning
        StartupException unknown = catchThrowableOfType(StartupException.class, () -> new TestHome(dir.resolve("bad"))
                .definition("alpha", "name: alpha\ntype: test/echo\n")
                .route("nope", Workflows.GREET.replace("- workflow:", "- workflow:\n    bestEffort: [missing]"))
                .start());
        assertThat(unknown.problems()).anyMatch(p -> p.contains("bestEffort: no step 'missing' in the workflow"));
    }

    @Test
    void badInputsFailBeforeTheFirstStepListingEveryProblem() {
        int runsBefore = engine.ledger().list(1000, null).size();
        ArgumentException e = catchThrowableOfType(ArgumentException.class,
                () -> engine.runner().start("greet", Map.of("times", "lots", "colour", "red"), "test"));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "unknown input 'colour' (inputs: who, times)",
                "input 'who' is required (Who to greet)",
                "input 'times' must be a whole number, got 'lots'");
        ArgumentException pattern = catchThrowableOfType(ArgumentException.class,
                () -> engine.runner().start("greet", Map.of("who", "Robert'); DROP"), "test"));
        assertThat(pattern.problems()).containsExactly("input 'who' must match [a-z]+, got 'Robert'); DROP'");
        assertThat(engine.ledger().list(1000, null)).hasSize(runsBefore);
    }

    @Test
    void aSecondRunWithTheSameLockWaitsThenFailsNamingTheHolder() throws Exception {
        String holder = engine.runner().start("slow", Map.of("who", "carol", "millis", 2500), "test");
        Thread.sleep(300);
        RunRecord second = run("slow", Map.of("who", "carol", "millis", 10));
        assertThat(second.status()).isEqualTo("FAILED");
        assertThat(second.error()).startsWith("lock 'person:carol' is held by run " + holder + " (slow, started ")
                .endsWith("gave up after waiting 500ms");
        assertThat(second.steps()).extracting(RunRecord.StepRecord::status).containsExactly("SKIPPED");
        RunRecord other = run("slow", Map.of("who", "dave", "millis", 10));
        assertThat(other.status()).as("a different key is not blocked").isEqualTo("SUCCEEDED");
        assertThat(engine.runner().await(holder, Duration.ofSeconds(10)).status()).isEqualTo("SUCCEEDED");
    }

    @Test
    void anArgumentTheMethodDoesNotHaveIsAClearError() throws Exception {
        RunRecord r = run("typo", Map.of());
        assertThat(r.status()).isEqualTo("FAILED");
        assertThat(r.error()).isEqualTo("alpha.echo step arguments: unknown argument 'mesage' (known: message, name, times)");
    }

    @Test
    void secretsAreMaskedInLogsDataAndRunRecords() throws Exception {
        engine.vault().put("test-vault", "token", "s3cr3t-t0ken-value");
        String id = engine.runner().startMethod("vaulted", "keep", Map.of(), "test");
        RunRecord r = engine.runner().await(id, Duration.ofSeconds(10));
        assertThat(r.status()).isEqualTo("SUCCEEDED");
        assertThat(r.logs()).extracting(RunRecord.LogLine::line).containsExactly("token is ***");
        ResourceVersion v = engine.store().latest("vaulted", "secret", "s").orElseThrow();
        assertThat(Json.write(v.attributes())).contains("\"token\":\"***\"", "\"plain\":\"visible\"").doesNotContain("s3cr3t");
        String echoed = engine.runner().startMethod("alpha", "echo", Map.of("message", "s3cr3t-t0ken-value"), "test");
        RunRecord e = engine.runner().await(echoed, Duration.ofSeconds(10));
        assertThat(Json.write(e)).doesNotContain("s3cr3t");
        assertThat(Json.write(engine.store().latest("alpha", "echo", "last").orElseThrow().attributes())).doesNotContain("s3cr3t");
    }

    @Test
    void aSingleMethodRunIsRecordedAsARunOfItsOwn() throws Exception {
        String id = engine.runner().startMethod("beta", "echo", Map.of("message", "solo", "name", "solo"), "cli:test");
        RunRecord r = engine.runner().await(id, Duration.ofSeconds(10));
        assertThat(r.kind()).isEqualTo("method");
        assertThat(r.target()).isEqualTo("beta.echo");
        assertThat(r.origin()).isEqualTo("cli:test");
        assertThat(r.steps()).extracting(RunRecord.StepRecord::stepId, RunRecord.StepRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("beta.echo", "SUCCEEDED"));
        assertThat(engine.ledger().list(5, "beta.echo")).extracting(RunRecord::id).contains(id);
    }

    @Test
    void routesAndGroupsAreWhatHawtioShows() {
        var route = engine.camel().getRoute("alpha.echo");
        assertThat(route.getGroup()).isEqualTo("model:test/echo");
        assertThat(route.getEndpoint().getEndpointUri()).isEqualTo("direct://alpha.echo");
        assertThat(engine.camel().getRoute("greet").getGroup()).isEqualTo("workflow");
        // two workflows may use the same step names (Camel node ids carry the workflow's prefix)
        assertThat(engine.workflows().get("fan-out").orElseThrow().steps()).extracting(Workflow.Step::id).contains("collect");
        assertThat(engine.workflows().get("greet").orElseThrow().steps()).extracting(Workflow.Step::id)
                .containsExactly("first", "second", "many", "once");
        assertThat(List.of("fan-out", "failing", "greet", "slow", "typo"))
                .allSatisfy(w -> assertThat(engine.workflows().get(w)).isPresent());
    }

    @Test
    void aCallerThatAsksNotToWaitIsRefusedAtOnceAndNothingIsRecorded() throws Exception {
        // asking not to wait takes the lock at once (a plain start takes it on the run's thread)
        String holder = engine.runner().start("slow", Map.of("who", "erin", "millis", 1500), RunOptions.of("discord:1:alice").failingIfBusy());
        int runsBefore = engine.ledger().list(1000, null).size();
        long t0 = System.nanoTime();
        BusyException busy = catchThrowableOfType(BusyException.class, () -> engine.runner().start("slow",
                Map.of("who", "erin", "millis", 10), RunOptions.of("discord:2:bob").failingIfBusy()));
        assertThat((System.nanoTime() - t0) / 1_000_000).as("answered at once, not after the lock wait").isLessThan(400);
        assertThat(busy.holderId()).isEqualTo(holder);
        assertThat(busy.holderTarget()).isEqualTo("slow");
        assertThat(busy.holderOrigin()).isEqualTo("discord:1:alice");
        assertThat(busy.lockKey()).isEqualTo("person:erin");
        assertThat(engine.ledger().list(1000, null)).hasSize(runsBefore);
        assertThat(engine.runner().await(holder, Duration.ofSeconds(10)).status()).isEqualTo("SUCCEEDED");
        // the fail-fast run took the lock itself: a waiting run after it still waits for it
        String first = engine.runner().start("slow", Map.of("who", "erin", "millis", 300), RunOptions.of("a").failingIfBusy());
        RunRecord waiting = run("slow", Map.of("who", "erin", "millis", 10));
        assertThat(waiting.status()).isEqualTo("SUCCEEDED");
        assertThat(waiting.startedAt()).isBefore(engine.runner().await(first, Duration.ofSeconds(5)).finishedAt());
    }

    @Test
    void aBoundedRunIsStoppedAndFailedWhenItTakesTooLong() throws Exception {
        long t0 = System.nanoTime();
        String id = engine.runner().start("slow", Map.of("who", "frank", "millis", 20_000),
                RunOptions.of("test").boundedBy(Duration.ofMillis(600)));
        RunRecord r = engine.runner().await(id, Duration.ofSeconds(10));
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
        assertThat(r.status()).isEqualTo("FAILED");
        assertThat(r.error()).isEqualTo("timed out after 600ms");
        // its lock is free again and the pool thread is not left interrupted
        RunRecord next = run("slow", Map.of("who", "frank", "millis", 200));
        assertThat(next.status()).isEqualTo("SUCCEEDED");
        RunRecord quick = engine.runner().await(engine.runner().start("slow", Map.of("who", "frank", "millis", 10),
                RunOptions.of("test").boundedBy(Duration.ofSeconds(5))), Duration.ofSeconds(10));
        assertThat(quick.status()).as("a run within its bound").isEqualTo("SUCCEEDED");
    }

    @Test
    void aMethodArgumentThatDoesNotFitIsRefusedBeforeTheRunIsRecorded() {
        int runsBefore = engine.ledger().list(1000, null).size();
        ArgumentException bad = catchThrowableOfType(ArgumentException.class, () -> engine.runner().startMethod("alpha", "sleep",
                Map.of("millis", "soon", "colour", "red"), "test"));
        assertThat(bad.problems()).containsExactlyInAnyOrder("argument 'millis' must be a whole number, got 'soon'",
                "unknown argument 'colour' (known: millis)");
        assertThat(bad.getMessage()).startsWith("alpha.sleep arguments: ");
        assertThat(engine.ledger().list(1000, null)).hasSize(runsBefore);
    }

    @Test
    void routesStartRunsThroughWorkflowAndMethodEndpointsWithTheCallersOptions() throws Exception {
        var template = engine.camel().createProducerTemplate();
        try {
            org.apache.camel.Exchange sent = template.send("method:beta.echo", ex -> {
                ex.getMessage().setBody(Map.of("message", "via endpoint", "name", "endpoint"));
                ex.setProperty(RunOptions.PROPERTY, RunOptions.of("discord:7:gina"));
            });
            assertThat(sent.getException()).isNull();
            RunRecord r = engine.runner().await(sent.getMessage().getBody(String.class), Duration.ofSeconds(10));
            assertThat(r.target()).isEqualTo("beta.echo");
            assertThat(r.origin()).isEqualTo("discord:7:gina");
            assertThat(engine.store().latest("beta", "echo", "endpoint").orElseThrow().runId()).isEqualTo(r.id());

            String holder = engine.runner().start("slow", Map.of("who", "hal", "millis", 1000), RunOptions.of("test").failingIfBusy());
            org.apache.camel.Exchange refused = template.send("workflow:slow", ex -> {
                ex.getMessage().setBody(Map.of("who", "hal"));
                ex.setProperty(RunOptions.PROPERTY, RunOptions.of("discord:7:gina").failingIfBusy());
            });
            assertThat(refused.getException()).isInstanceOf(BusyException.class);
            engine.runner().await(holder, Duration.ofSeconds(10));
        } finally {
            template.stop();
        }
    }

    @Test
    void anInputNotGivenIsWorkedOutFromADefinitionAndAGivenOneWins() throws Exception {
        assertThat(run("layout", Map.of("pick", "B:")).inputs()).containsEntry("chosen", "B:");
        assertThat(run("layout", Map.of("pick", "B:", "chosen", "mine")).inputs()).containsEntry("chosen", "mine");
        ArgumentException none = catchThrowableOfType(ArgumentException.class, () -> engine.runner().start("layout", Map.of("pick", "Q:"), "test"));
        assertThat(none.problems()).containsExactly("input 'chosen' was not given and its default could not be worked out: "
                + "no test/echo definition has prefix 'Q:' (prefix: A:, B:)");
    }
}
