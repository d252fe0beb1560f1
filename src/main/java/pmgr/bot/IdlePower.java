package pmgr.bot;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.engine.BusyException;
import pmgr.engine.Errors;
import pmgr.engine.RunContext;
import pmgr.engine.RunListener;
import pmgr.power.EmptyStreak;
import pmgr.power.IdlePolicy;
import pmgr.store.ResourceStore;
import pmgr.store.ResourceVersion;
import pmgr.store.RunLedger;

/**
 * Idle power-down: after each game-metrics collection, every game server with an {@code idle}
 * policy is judged from its collections ({@link EmptyStreak}). Empty long enough: the bot warns in
 * its channel with a Keep it up button; still empty at a collection after the warning's time: the
 * server's own stop workflow runs (origin {@value #ORIGIN}) and the bot reports how it ended. A
 * player joining, a doubtful collection or a press cancels. Every decision is a version of the
 * server's {@code idle} resource, so {@code pmgr data versions} tells the story.
 */
final class IdlePower implements RunListener {
    private static final Logger LOG = LoggerFactory.getLogger(IdlePower.class);
    static final String ORIGIN = "schedule:idle";
    static final String SPEC = "idle";
    static final String BUTTON = "pmgr:keepup:";
    /** The workflow whose runs are the collections. */
    static final String COLLECT_WORKFLOW = "collect-game-metrics";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** The states of a server's idle resource. */
    static final String COUNTING_DOWN = "counting-down";
    static final String CANCELLED = "cancelled";
    static final String KEPT_UP = "kept-up";
    static final String STOPPING = "stopping";
    static final String STOPPED = "stopped";
    static final String STOP_FAILED = "stop-failed";

    /** Starts a server's stop workflow with the idle origin; returns the run id. */
    interface Stopper {
        String stop(GameServer server);
    }

    private final ResourceStore store;
    private final GameServers servers;
    private final Executor worker;
    private final Duration staleAfter;
    private final Stopper stopper;
    private volatile Function<MessageView, CompletableFuture<MessageHandle>> announcer;
    /** The warning message of a countdown, to edit when it ends (lost on restart: then a new message). */
    private final Map<String, MessageHandle> warnings = new ConcurrentHashMap<>();

    IdlePower(ResourceStore store, GameServers servers, Executor worker, Duration staleAfter, Stopper stopper) {
        this.store = store;
        this.servers = servers;
        this.worker = worker;
        this.staleAfter = staleAfter;
        this.stopper = stopper;
    }

    /** Where the bot's announcements go (its command channel); without one, decisions are only recorded. */
    void announceWith(Function<MessageView, CompletableFuture<MessageHandle>> channel) {
        this.announcer = channel;
    }

    boolean watches(GameServer s) {
        return s.idle().isPresent();
    }

    // ---- what triggers a decision -----------------------------------------------------------------

    @Override
    public void runFinished(RunContext run, String status, String error) {
        if ("workflow".equals(run.kind()) && COLLECT_WORKFLOW.equals(run.target())) {
            String collection = run.id();
            worker.execute(() -> checkAll(collection));
        } else if (ORIGIN.equals(run.origin())) {
            String id = run.id();
            worker.execute(() -> stopEnded(id, status, error));
        }
    }

    void checkAll(String collectionRun) {
        for (GameServer s : servers.all()) {
            if (watches(s)) {
                try {
                    check(s, s.idle().get(), collectionRun, Instant.now());
                } catch (RuntimeException e) {
                    LOG.warn("idle power-down: checking {} failed: {}", s.name(), Errors.describe(e));
                }
            }
        }
    }

    // ---- the decisions --------------------------------------------------------------------------

    private synchronized void check(GameServer s, IdlePolicy policy, String collectionRun, Instant now) {
        Map<String, Object> state = state(s);
        String current = String.valueOf(state.getOrDefault("state", ""));
        if (current.equals(STOPPING)) {
            return; // the stop run's end decides
        }
        Instant window = now.minus(policy.stopAfter()).minus(policy.grace()).minus(policy.warnBefore()).minus(staleAfter.multipliedBy(2));
        EmptyStreak.Verdict v = EmptyStreak.judge(store.since(s.definition(), "metrics", s.name(), window), now, staleAfter,
                policy.grace());
        if (current.equals(COUNTING_DOWN)) {
            if (!v.empty()) {
                record(s, collectionRun, Map.of("state", CANCELLED, "reason", v.reason()));
                show(s, Views.idleCancelled(s.name(), v.reason()));
                warnings.remove(s.name());
            } else if (!now.isBefore(Instant.parse(String.valueOf(state.get("stopAt"))))) {
                stop(s, v, collectionRun, now);
            }
            return;
        }
        if (current.equals(KEPT_UP) && now.isBefore(Instant.parse(String.valueOf(state.get("until"))))) {
            return;
        }
        if (!v.empty()) {
            return;
        }
        // the clock restarts after a keep-up, a cancel or a stop that failed
        Instant since = v.since();
        Object resumes = current.equals(KEPT_UP) ? state.get("until") : current.isEmpty() ? null : state.get("at");
        if (resumes != null && Instant.parse(String.valueOf(resumes)).isAfter(since)) {
            since = Instant.parse(String.valueOf(resumes));
        }
        if (Duration.between(since, now).compareTo(policy.stopAfter()) < 0) {
            return;
        }
        Instant stopAt = now.plus(policy.warnBefore());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", COUNTING_DOWN);
        d.put("emptySince", since.toString());
        d.put("stopAt", stopAt.toString());
        record(s, collectionRun, d);
        post(s, Views.idleWarning(s.name(), Duration.between(since, now), policy.warnBefore(), BUTTON + s.name()));
    }

    private void stop(GameServer s, EmptyStreak.Verdict v, String collectionRun, Instant now) {
        String runId;
        try {
            runId = stopper.stop(s);
        } catch (BusyException busy) {
            // someone else is working on the VM: count again from here rather than stop behind their back
            record(s, collectionRun, Map.of("state", CANCELLED, "reason", "another run holds the VM (" + busy.getMessage() + ")"));
            show(s, Views.idleCancelled(s.name(), "another run is working on it"));
            warnings.remove(s.name());
            return;
        } catch (RuntimeException e) {
            record(s, collectionRun, Map.of("state", STOP_FAILED, "error", Errors.describe(e)));
            show(s, Views.idleStopped(s.name(), false, Errors.describe(e)));
            warnings.remove(s.name());
            return;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", STOPPING);
        d.put("emptySince", v.since().toString());
        d.put("stopRun", runId);
        record(s, collectionRun, d);
        show(s, Views.idleStopping(s.name(), Duration.between(v.since(), now)));
    }

    private synchronized void stopEnded(String runId, String status, String error) {
        for (GameServer s : servers.all()) {
            Map<String, Object> state = state(s);
            if (STOPPING.equals(state.get("state")) && runId.equals(state.get("stopRun"))) {
                boolean ok = RunLedger.SUCCEEDED.equals(status);
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("state", ok ? STOPPED : STOP_FAILED);
                d.put("stopRun", runId);
                d.put("status", status);
                if (error != null) {
                    d.put("error", error);
                }
                record(s, runId, d);
                show(s, Views.idleStopped(s.name(), ok, error));
                warnings.remove(s.name());
                return;
            }
        }
    }

    /** Keep it up pressed (or /keepup): no idle stop until then. Returns what to show. */
    synchronized MessageView keepUp(GameServer s, String who, Duration howLong) {
        Instant until = Instant.now().plus(howLong);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", KEPT_UP);
        d.put("by", who);
        d.put("until", until.toString());
        record(s, null, d);
        MessageView view = Views.idleKeptUp(s.name(), who, CLOCK.format(until));
        MessageHandle warning = warnings.remove(s.name());
        if (warning != null) {
            warning.edit(view).exceptionally(e -> null);
        }
        return view;
    }

    /** For /status: "idle — stopping in 4 min", "kept up until 12:30 UTC by bob", or empty. */
    Optional<String> describe(GameServer s) {
        Map<String, Object> state = state(s);
        Instant now = Instant.now();
        if (COUNTING_DOWN.equals(state.get("state"))) {
            Duration left = Duration.between(now, Instant.parse(String.valueOf(state.get("stopAt"))));
            return Optional.of("idle \u2014 stopping in " + roughly(left.isNegative() ? Duration.ZERO : left));
        }
        if (KEPT_UP.equals(state.get("state")) && now.isBefore(Instant.parse(String.valueOf(state.get("until"))))) {
            return Optional.of("kept up until " + CLOCK.format(Instant.parse(String.valueOf(state.get("until")))) + " by "
                    + state.get("by"));
        }
        return Optional.empty();
    }

    static String roughly(Duration d) {
        long minutes = Math.round(d.toMillis() / 60_000.0);
        return minutes >= 1 ? minutes + " min" : Math.max(1, d.toSeconds()) + " s";
    }

    // ---- data and messages ----------------------------------------------------------------------

    private Map<String, Object> state(GameServer s) {
        return store.latest(s.definition(), SPEC, s.name()).map(ResourceVersion::attributes).orElse(Map.of());
    }

    private void record(GameServer s, String runId, Map<String, Object> decision) {
        Map<String, Object> d = new LinkedHashMap<>(decision);
        d.put("at", Instant.now().toString());
        store.write(s.definition(), SPEC, s.name(), d, Set.of(),
                // the decision as the version's method: `pmgr data versions` lists the story line by line
                new ResourceStore.Origin(s.game().modelType(), "idle." + decision.get("state"), runId, "idle"));
        LOG.info("idle power-down: {} {}", s.name(), d);
    }

    /** A new message (the warning), kept to edit later. */
    private void post(GameServer s, MessageView view) {
        Function<MessageView, CompletableFuture<MessageHandle>> a = announcer;
        if (a == null) {
            return;
        }
        a.apply(view).thenAccept(h -> warnings.put(s.name(), h)).exceptionally(e -> {
            LOG.warn("idle power-down: cannot post about {}: {}", s.name(), Errors.describe(e));
            return null;
        });
    }

    /** Replaces the warning when there is one, else posts. */
    private void show(GameServer s, MessageView view) {
        MessageHandle warning = warnings.get(s.name());
        if (warning != null) {
            warning.edit(view).exceptionally(e -> {
                LOG.info("idle power-down: cannot edit the warning about {}: {}", s.name(), Errors.describe(e));
                return null;
            });
            return;
        }
        Function<MessageView, CompletableFuture<MessageHandle>> a = announcer;
        if (a != null) {
            a.apply(view).exceptionally(e -> {
                LOG.warn("idle power-down: cannot post about {}: {}", s.name(), Errors.describe(e));
                return null;
            });
        }
    }
}
