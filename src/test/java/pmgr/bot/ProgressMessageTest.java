package pmgr.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * How one progress message keeps up with a run within Discord's limits. The messages here stand in
 * for Discord (which the end-to-end tests use for real): they record each edit and can refuse like it.
 */
class ProgressMessageTest {
    static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(2);
    static final BotCommand START = new BotCommand("start", "Start", false, false, false, "Starting", "Started");

    @AfterAll
    static void stop() {
        SCHEDULER.shutdownNow();
    }

    static BotSettings settings(Duration editInterval, Duration tick, Duration tokenLifetime, Duration oldAge) {
        return new BotSettings(Path.of("bot"), "discord", "!", "homie", "clankers", Duration.ofSeconds(3), Duration.ofMinutes(45),
                Duration.ofSeconds(60), Duration.ofSeconds(30), editInterval, tick, "sync-fleet", tokenLifetime, oldAge, "", "",
                Duration.ofMinutes(5));
    }

    static RunProgress run(String... steps) {
        return new RunProgress("run-1", "workflow", "start-minecraft", Instant.now(), java.util.Arrays.stream(steps)
                .map(s -> new RunProgress.Step(s, "Step " + s, RunProgress.StepState.PENDING, null, null, null)).toList());
    }

    /** A Discord message: records each edit (time and view); refuses edits as told. */
    static final class Recorded implements MessageHandle {
        final List<Instant> at = new CopyOnWriteArrayList<>();
        final List<MessageView> views = new CopyOnWriteArrayList<>();
        final List<Recorded> below = new CopyOnWriteArrayList<>();
        final Instant createdAt;
        final Instant editableUntil;
        volatile Function<MessageView, EditRefusedException> refuse = v -> null;

        Recorded(Instant createdAt, Instant editableUntil) {
            this.createdAt = createdAt;
            this.editableUntil = editableUntil;
        }

        @Override
        public CompletableFuture<Void> edit(MessageView view) {
            EditRefusedException no = refuse.apply(view);
            if (no != null) {
                return CompletableFuture.failedFuture(no);
            }
            at.add(Instant.now());
            views.add(view);
            return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(20, java.util.concurrent.TimeUnit.MILLISECONDS));
        }

        @Override
        public Instant createdAt() {
            return createdAt;
        }

        @Override
        public Instant editableUntil() {
            return editableUntil;
        }

        @Override
        public CompletableFuture<MessageHandle> continueBelow(MessageView view) {
            Recorded next = new Recorded(Instant.now(), null);
            next.views.add(view);
            next.at.add(Instant.now());
            below.add(next);
            return CompletableFuture.completedFuture(next);
        }

        String lastTitle() {
            return views.get(views.size() - 1).embed().title();
        }
    }

    static ProgressMessage follow(RunProgress p, BotSettings s, Recorded m) {
        ProgressMessage pm = new ProgressMessage(p, (snap, now) -> Views.progress(START, "allthemons", snap, now), SCHEDULER, s);
        pm.start(m, Views.progress(START, "allthemons", p.snapshot(), Instant.now()));
        return pm;
    }

    static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        pmgr.testing.Eventually.await(what, Duration.ofSeconds(10), done::getAsBoolean);
    }

    @Test
    void manyQuickChangesBecomeFewEditsSpacedByTheIntervalEndingWithTheFinalState() throws Exception {
        RunProgress p = run("a", "b", "c", "d", "e");
        Recorded m = new Recorded(Instant.now(), null);
        follow(p, settings(Duration.ofMillis(400), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)), m);
        for (String s : List.of("a", "b", "c", "d", "e")) {
            p.stepStarted(s);
            p.stepFinished(s, "SUCCEEDED", null, Duration.ofMillis(5));
        }
        p.finished("SUCCEEDED", null);
        await(() -> !m.views.isEmpty() && m.lastTitle().equals("Started allthemons"), "the final edit");
        Thread.sleep(600);
        assertThat(m.views.size()).as("ten step changes, coalesced").isLessThanOrEqualTo(2);
        for (int i = 1; i < m.at.size(); i++) {
            assertThat(Duration.between(m.at.get(i - 1), m.at.get(i)).toMillis()).isGreaterThanOrEqualTo(380);
        }
        assertThat(m.lastTitle()).isEqualTo("Started allthemons");
        assertThat(m.views.get(m.views.size() - 1).embed().description()).contains(Views.DONE_ICON + " Step e");
    }

    @Test
    void progressMovesToANewMessageBeforeTheInteractionTokenExpires() throws Exception {
        RunProgress p = run("a", "b");
        Instant created = Instant.now();
        Recorded original = new Recorded(created, created.plusMillis(1500));
        follow(p, settings(Duration.ofMillis(100), Duration.ofMinutes(5), Duration.ofMillis(1500), Duration.ofHours(1)), original);
        p.stepStarted("a");
        await(() -> !original.below.isEmpty(), "a message below the original");
        assertThat(Duration.between(created, original.below.get(0).at.get(0)).toMillis())
                .as("moved before the token's end (margin: a fifth of its life)").isLessThan(1500);
        assertThat(original.views).anySatisfy(v -> assertThat(v.embed().description()).contains("(continued below)"));
        p.stepFinished("a", "SUCCEEDED", null, Duration.ofMillis(1));
        p.finished("SUCCEEDED", null);
        Recorded next = original.below.get(0);
        await(() -> next.lastTitle().equals("Started allthemons"), "the final state in the new message");
        assertThat(original.below).hasSize(1);
    }

    @Test
    void aRefusedTokenMovesTheProgressAtOnce() throws Exception {
        RunProgress p = run("a");
        Recorded m = new Recorded(Instant.now(), null);
        m.refuse = v -> new EditRefusedException(EditRefusedException.Reason.TOKEN_EXPIRED, "50027: Invalid Webhook Token");
        follow(p, settings(Duration.ofMillis(100), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)), m);
        p.stepStarted("a");
        p.stepFinished("a", "FAILED", "fleet.start: no VM named 'ghost'", Duration.ofMillis(1));
        p.finished("FAILED", "fleet.start: no VM named 'ghost'");
        await(() -> !m.below.isEmpty() && m.below.get(0).lastTitle().equals("Failed to start allthemons"), "the final state below");
        MessageView last = m.below.get(0).views.get(m.below.get(0).views.size() - 1);
        assertThat(last.embed().fields()).singleElement().satisfies(f -> assertThat(f.value()).contains("no VM named 'ghost'"));
    }

    @Test
    void anOldMessageIsEditedOnlyWhenAStepChangesAndWaitsOutItsEditCap() throws Exception {
        RunProgress p = run("a", "b");
        Recorded m = new Recorded(Instant.now().minusSeconds(7200), null);
        follow(p, settings(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMinutes(15), Duration.ofHours(1)), m);
        p.stepStarted("a");
        await(() -> m.views.size() >= 1, "the step change");
        Thread.sleep(700);
        assertThat(m.views).as("the clock ticks every 100ms but an old message shows step changes only").hasSize(1);
        // a fresh message does show the ticks
        RunProgress q = run("a");
        Recorded fresh = new Recorded(Instant.now(), null);
        follow(q, settings(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMinutes(15), Duration.ofHours(1)), fresh);
        q.stepStarted("a");
        Thread.sleep(700);
        assertThat(fresh.views.size()).isGreaterThan(3);
        q.finished("SUCCEEDED", null);
        p.finished("SUCCEEDED", null);
    }

    @Test
    void theFinalStateIsShownEvenWhenDiscordFirstRefusesIt() throws Exception {
        RunProgress p = run("a");
        Recorded m = new Recorded(Instant.now(), null);
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
        m.refuse = v -> v.embed().title().startsWith("Started") && refusals.getAndIncrement() < 1
                ? new EditRefusedException(EditRefusedException.Reason.TRY_LATER, "429") : null;
        follow(p, settings(Duration.ofMillis(50), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)), m);
        p.stepStarted("a");
        p.stepFinished("a", "SUCCEEDED", null, Duration.ofMillis(1));
        p.finished("SUCCEEDED", null);
        await(() -> !m.views.isEmpty() && m.lastTitle().equals("Started allthemons"), "the final edit after a refusal");
        assertThat(refusals.get()).isGreaterThanOrEqualTo(1);
    }
}
