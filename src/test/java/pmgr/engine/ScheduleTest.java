package pmgr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.store.RunRecord;
import pmgr.testing.Lab;
import pmgr.testing.TestHome;
import pmgr.testing.Workflows;

/** Schedules: Quartz routes that start workflows, only in `serve`, never stacking runs. */
class ScheduleTest {
    static final String EVERY_SECOND = """
            - route:
                id: schedule.slow
                group: schedule
                description: Starts the slow workflow every second
                from:
                  uri: quartz:test/slow
                  parameters:
                    cron: "* * * * * ?"
                    trigger.misfireInstruction: 2
                  steps:
                    - setBody:
                        expression:
                          language: {language: cel, expression: "{'who': 'tick', 'millis': 2500}"}
                    - to: workflow:slow?origin=schedule&skipIfRunning=true
            """;

    @Test
    void aTickThatFindsTheLastRunStillGoingIsSkippedNotStacked(@TempDir Path dir) throws Exception {
        TestHome home = new TestHome(dir).definition("alpha", "name: alpha\ntype: test/echo\n")
                .route("slow", Workflows.SLOW).route("schedule-slow", EVERY_SECOND);
        try (Engine engine = home.startServing()) {
            assertThat(engine.camel().getRouteController().getRouteStatus("schedule.slow")).isEqualTo(ServiceStatus.Started);
            Thread.sleep(6500);
        }
        try (Engine engine = home.start()) {
            List<RunRecord> runs = engine.ledger().list(100, "slow").stream()
                    .sorted(Comparator.comparing(RunRecord::startedAt)).toList();
            // six ticks in 6.5s, each run takes 2.5s: two or three runs, the other ticks skipped
            assertThat(runs).hasSizeBetween(2, 3).allSatisfy(r -> assertThat(r.origin()).isEqualTo("schedule"));
            for (int i = 1; i < runs.size(); i++) {
                if (runs.get(i - 1).finishedAt() != null) {
                    assertThat(runs.get(i).startedAt()).as("runs never overlap").isAfterOrEqualTo(runs.get(i - 1).finishedAt());
                }
            }
            assertThat(runs).filteredOn(r -> r.status().equals("FAILED")).as("no run failed on the lock: none was stacked").isEmpty();
            var skipped = pmgr.common.Meters.registry().find("pmgr.schedule.skipped").tag("workflow", "slow").counter();
            assertThat(skipped).as("skipped ticks are counted").isNotNull();
            assertThat(skipped.count()).isGreaterThanOrEqualTo(1);
            // without `serve` (the CLI), schedules do not run
            assertThat(engine.camel().getRouteController().getRouteStatus("schedule.slow")).isEqualTo(ServiceStatus.Stopped);
        }
    }

    @Test
    void theShippedMetricsScheduleRunsEveryTwoMinutesAndCanBeSwitchedOff(@TempDir Path dir) {
        Lab.copyShipped(dir);
        try (Engine engine = new TestHome(dir).startServing()) {
            assertThat(engine.camel().getRouteController().getRouteStatus("schedule.collect-game-metrics")).isEqualTo(ServiceStatus.Started);
            assertThat(engine.camel().getRoute("schedule.collect-game-metrics").getEndpoint().getEndpointUri())
                    .contains("quartz://pmgr/collect-game-metrics").contains("cron=0+*%2F2+*+*+*+%3F");
        }
        try (Engine engine = new TestHome(dir).set("pmgr.schedule.metrics.enabled", "false").startServing()) {
            assertThat(engine.camel().getRouteController().getRouteStatus("schedule.collect-game-metrics")).isEqualTo(ServiceStatus.Stopped);
        }
    }
}
