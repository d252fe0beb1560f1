package pmgr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.Comparator;
import java.util.List;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import pmgr.store.RunRecord;
import pmgr.testing.Eventually;
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
            // ticks every second, each run takes 2.5 s: wait (bounded) for two runs and a skipped tick
            Eventually.await("two scheduled runs of 'slow' and a skipped tick", Duration.ofSeconds(30),
                    () -> engine.ledger().list(100, "slow").size() >= 2 && skipped("slow") >= 1);
        }
        try (Engine engine = home.start()) {
            List<RunRecord> runs = engine.ledger().list(100, "slow").stream()
                    .sorted(Comparator.comparing(RunRecord::startedAt)).toList();
            assertThat(runs).hasSizeGreaterThanOrEqualTo(2).allSatisfy(r -> assertThat(r.origin()).isEqualTo("schedule"));
            for (int i = 1; i < runs.size(); i++) {
                if (runs.get(i - 1).finishedAt() != null) {
                    assertThat(runs.get(i).startedAt()).as("runs never overlap").isAfterOrEqualTo(runs.get(i - 1).finishedAt());
                }
            }
            assertThat(runs).filteredOn(r -> r.status().equals("FAILED")).as("no run failed on the lock: none was stacked").isEmpty();
            // without `serve` (the CLI), schedules do not run
            assertThat(engine.camel().getRouteController().getRouteStatus("schedule.slow")).isEqualTo(ServiceStatus.Stopped);
        }
    }

    @Test
    void theShippedMetricsScheduleRunsEveryTwoMinutesStartsTheWorkflowAndCanBeSwitchedOff(@TempDir Path dir) throws Exception {
        Lab.copyShipped(dir);
        try (Engine engine = new TestHome(dir).startServing()) {
            assertThat(engine.camel().getRouteController().getRouteStatus("schedule.collect-game-metrics")).isEqualTo(ServiceStatus.Started);
            // the trigger Quartz really has: its fire times are two minutes apart, on even minutes
            Scheduler quartz = engine.camel().getComponent("quartz", QuartzComponent.class).getScheduler();
            Trigger trigger = quartz.getTrigger(TriggerKey.triggerKey("collect-game-metrics", "pmgr"));
            Date next = trigger.getNextFireTime();
            Date after = trigger.getFireTimeAfter(next);
            assertThat(after.getTime() - next.getTime()).isEqualTo(Duration.ofMinutes(2).toMillis());
            assertThat(next.toInstant().atZone(java.time.ZoneId.systemDefault()).getMinute() % 2).isZero();
            assertThat(next.toInstant().getEpochSecond() % 60).isZero();
        }
        // a tick starts the workflow, as the schedule (here every second instead of waiting two minutes)
        try (Engine engine = new TestHome(dir).set("pmgr.schedule.metrics.cron", "* * * * * ?").startServing()) {
            Eventually.await("a run of collect-game-metrics started by the schedule", Duration.ofSeconds(30),
                    () -> engine.ledger().list(10, "collect-game-metrics").stream().anyMatch(r -> r.origin().equals("schedule")));
        }
        try (Engine engine = new TestHome(dir).set("pmgr.schedule.metrics.enabled", "false").startServing()) {
            assertThat(engine.camel().getRouteController().getRouteStatus("schedule.collect-game-metrics")).isEqualTo(ServiceStatus.Stopped);
        }
    }

    private static double skipped(String workflow) {
        var counter = pmgr.common.Meters.registry().find("pmgr.schedule.skipped").tag("workflow", workflow).counter();
        return counter == null ? 0 : counter.count();
    }
}
