package pmgr.bot;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.store.RunLedger;

/**
 * One Discord message showing one run live. Changes are coalesced: at most one edit in flight and
 * edits at least {@code editInterval} apart, always ending with the final state. Discord's limits
 * shape it: an interaction's message can only be edited while its token lasts, so before that the
 * progress moves to a new message below it; a message older than an hour is edited only when a
 * step changes (not for the running clock), and backs off when it hits its edit cap. Discord allows
 * five edits of a message in five seconds, and the message was edited just before it was handed over
 * (showing the run's first state, often right after a question), so its first edit here waits two
 * intervals: with the default 1.2 s no five seconds ever see a sixth edit.
 */
final class ProgressMessage {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressMessage.class);
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration CAPPED_RETRY = Duration.ofSeconds(30);
    private static final int FINAL_ATTEMPTS = 12;

    private final RunProgress progress;
    private final RunDisplay display;
    private final ScheduledExecutorService scheduler;
    private final BotSettings settings;
    private final Duration margin;

    private MessageHandle handle;
    private MessageView lastShown;
    private Instant lastEditAt;
    private boolean inFlight;
    private boolean dirty;
    private boolean stepChanged;
    private boolean tokenExpired;
    /** The move timer fired: the message's token is about to end (timers may fire a little early). */
    private boolean moveDue;
    private boolean capped;
    private boolean done;
    private int finalAttempts;
    private RunProgress.Snapshot forcedEnd;
    private ScheduledFuture<?> later;
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> moveTimer;
    private ScheduledFuture<?> watchdog;

    ProgressMessage(RunProgress progress, RunDisplay display, ScheduledExecutorService scheduler, BotSettings settings) {
        this.progress = progress;
        this.display = display;
        this.scheduler = scheduler;
        this.settings = settings;
        Duration fifth = settings.interactionTokenLifetime().dividedBy(5);
        this.margin = fifth.compareTo(Duration.ofSeconds(30)) < 0 ? fifth : Duration.ofSeconds(30);
    }

    /** Follows the run in this message, which already shows {@code shown}. */
    void start(MessageHandle first, MessageView shown) {
        synchronized (this) {
            handle = first;
            lastShown = shown;
            lastEditAt = Instant.now().plus(settings.editInterval());
            dirty = true; // the run may have moved on while the first message was posted
            long tick = settings.progressTick().toMillis();
            ticker = scheduler.scheduleWithFixedDelay(() -> changed(false), tick, tick, TimeUnit.MILLISECONDS);
            scheduleMove(first);
            Duration bound = settings.runTimeout().plusSeconds(60);
            watchdog = scheduler.schedule(this::runDidNotStop, bound.toMillis(), TimeUnit.MILLISECONDS);
        }
        progress.listen(change -> changed(true));
        pump();
    }

    private void scheduleMove(MessageHandle h) {
        if (h.editableUntil() != null) {
            long at = Duration.between(Instant.now(), h.editableUntil().minus(margin)).toMillis();
            moveTimer = scheduler.schedule(() -> {
                synchronized (this) {
                    moveDue = true;
                }
                changed(true);
            }, Math.max(0, at), TimeUnit.MILLISECONDS);
        }
    }

    /** The run outlived its bound and did not stop: say so rather than show "running" for ever. */
    private void runDidNotStop() {
        RunProgress.Snapshot s = progress.snapshot();
        if (s.finished()) {
            return;
        }
        synchronized (this) {
            forcedEnd = new RunProgress.Snapshot(s.runId(), s.kind(), s.target(), s.startedAt(), s.steps(), RunLedger.FAILED,
                    "timed out after " + pmgr.config.Durations.format(settings.runTimeout())
                            + " (the run has not stopped yet: pmgr run get " + s.runId() + ")", Instant.now());
        }
        changed(true);
    }

    private void changed(boolean step) {
        synchronized (this) {
            if (done) {
                return;
            }
            dirty = true;
            stepChanged |= step;
        }
        pump();
    }

    private void pump() {
        MessageHandle target;
        MessageView view;
        boolean last;
        boolean move;
        synchronized (this) {
            if (done || inFlight || !dirty) {
                return;
            }
            Instant now = Instant.now();
            RunProgress.Snapshot s = forcedEnd != null ? forcedEnd : progress.snapshot();
            last = s.finished();
            move = tokenExpired || moveDue || (handle.editableUntil() != null && !now.isBefore(handle.editableUntil().minus(margin)));
            if (!last && !stepChanged && !move && (capped || old(now))) {
                dirty = false; // old messages show step changes only, not the running clock
                return;
            }
            long wait = Duration.between(now, lastEditAt.plus(settings.editInterval())).toMillis();
            if (wait > 0 && !move) {
                retryIn(Duration.ofMillis(wait));
                return;
            }
            view = display.render(s, now);
            inFlight = true;
            dirty = false;
            stepChanged = false;
            target = handle;
        }
        CompletableFuture<MessageHandle> action = move ? moveBelow(target, view) : target.edit(view).thenApply(v -> target);
        action.whenComplete((h, err) -> edited(h, view, last, err));
    }

    private synchronized boolean old(Instant now) {
        return Duration.between(handle.createdAt(), now).compareTo(settings.oldMessageAge()) > 0;
    }

    /** Progress continues in a new message; the old one says so while it still can be edited. */
    private CompletableFuture<MessageHandle> moveBelow(MessageHandle old, MessageView view) {
        LOG.info("bot: run {} outlives its interaction's message; its progress continues in a new message",
                progress.runId());
        if (!tokenExpired) {
            old.edit(Views.continued(lastShown)).exceptionally(x -> null);
        }
        return old.continueBelow(view);
    }

    private void edited(MessageHandle h, MessageView view, boolean last, Throwable err) {
        Duration retry = null;
        synchronized (this) {
            inFlight = false;
            lastEditAt = Instant.now();
            if (err == null) {
                if (h != handle) {
                    handle = h;
                    tokenExpired = false;
                    moveDue = false;
                    capped = false;
                    cancel(moveTimer);
                    scheduleMove(h);
                }
                lastShown = view;
                if (last) {
                    stop();
                    return;
                }
            } else {
                EditRefusedException.Reason reason = reason(err);
                dirty = true;
                stepChanged = true;
                switch (reason) {
                    case TOKEN_EXPIRED -> tokenExpired = true;
                    case OLD_MESSAGE_CAP -> {
                        capped = true;
                        retry = CAPPED_RETRY;
                    }
                    case TRY_LATER -> retry = RETRY;
                    case GONE -> {
                        LOG.warn("bot: progress of run {} can no longer be shown: {}", progress.runId(), message(err));
                        stop();
                        return;
                    }
                }
                if (last && ++finalAttempts > FINAL_ATTEMPTS) {
                    LOG.warn("bot: gave up showing the end of run {} after {} attempts: {}", progress.runId(),
                            FINAL_ATTEMPTS, message(err));
                    stop();
                    return;
                }
            }
        }
        if (retry != null) {
            retryIn(retry);
        } else {
            pump();
        }
    }

    /** One pump at a time is waiting; it clears itself when it runs, so it may schedule the next. */
    private synchronized void retryIn(Duration d) {
        if (later == null) {
            later = scheduler.schedule(() -> {
                synchronized (this) {
                    later = null;
                }
                pump();
            }, Math.max(1, d.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private static EditRefusedException.Reason reason(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return t instanceof EditRefusedException e ? e.reason() : EditRefusedException.Reason.TRY_LATER;
    }

    private static String message(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return String.valueOf(t.getMessage());
    }

    private void stop() {
        done = true;
        cancel(ticker);
        cancel(moveTimer);
        cancel(watchdog);
        cancel(later);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
