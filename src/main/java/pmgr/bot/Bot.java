package pmgr.bot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.engine.ArgumentException;
import pmgr.engine.BusyException;
import pmgr.engine.Engine;
import pmgr.engine.Errors;
import pmgr.engine.RunOptions;
import pmgr.engine.WorkflowRunner;
import pmgr.store.ResourceVersion;
import pmgr.store.RunLedger;
import pmgr.store.RunRecord;

/**
 * The bot's side in Camel: what {@code direct:bot.<command>} does with a command before and after
 * the command table. It admits or refuses the command (direct message, channel, role, cooldown,
 * server, action), acknowledges it, asks for confirmation when players are online, hands it to the
 * game's route {@code bot.<game>} (which starts the run), and answers with a {@link Reply}.
 */
public final class Bot {
    private static final Logger LOG = LoggerFactory.getLogger(Bot.class);
    /** The lock the game workflows take on a server's VM (the bot looks at it before asking anything). */
    static final String VM_LOCK = "vm:";
    /** The command that wakes a sleeping server (as a join at its wake listener does): refused while it is up. */
    static final String WAKE = "wake";

    private final Engine engine;
    private final BotSettings settings;
    private final CommandTable table;
    private final GameServers servers;
    private final Access access;
    private final Cooldowns cooldowns;
    private final Confirmations confirmations;
    private final Denials denials;
    private final RunWatcher watcher;
    private final Delivery delivery;
    private final ProducerTemplate template;
    private final ScheduledExecutorService scheduler;
    private final IdlePower idle;
    private final pmgr.power.WakeableServers wakeable;
    private final pmgr.power.ServerPower power;

    public Bot(Engine engine, BotSettings settings) {
        this.engine = engine;
        this.settings = settings;
        this.table = CommandTable.load(settings.dir(), engine.registry());
        this.servers = GameServers.discover(table, engine.definitions());
        this.access = new Access(settings.role(), settings.channel());
        this.cooldowns = new Cooldowns(settings.cooldown());
        this.scheduler = engine.camel().getExecutorServiceManager().newScheduledThreadPool(this, "pmgr-bot", 2);
        this.confirmations = new Confirmations(settings.confirmTimeout(), scheduler);
        this.denials = new Denials(engine.store());
        this.watcher = new RunWatcher(engine.workflows(), engine.definitions(), engine.registry(), scheduler);
        engine.events().subscribe(watcher);
        this.delivery = new Delivery(scheduler, settings);
        this.template = engine.camel().createProducerTemplate();
        this.idle = new IdlePower(engine.store(), servers, scheduler, settings.idleStaleAfter(), this::idleStop);
        engine.events().subscribe(idle);
        this.wakeable = pmgr.power.WakeableServers.find(engine);
        this.power = new pmgr.power.ServerPower(engine);
    }

    /** Where the bot says what nobody asked for (idle power-down): a message in its command channel. */
    public void announceWith(java.util.function.Function<MessageView, CompletableFuture<MessageHandle>> channel) {
        idle.announceWith(channel);
    }

    /** The command channel's id in each guild the bot is in (empty when no channel is configured). */
    public List<String> commandChannels() {
        return access.commandChannels();
    }

    /** The stop command of a server, as the idle power-down gives it: its game's stop, origin schedule:idle. */
    private String idleStop(GameServer server) {
        BotRequest r = new BotRequest("schedule", "stop", server.name(), null, "idle", "idle power-down", List.of(), null, null,
                false);
        return dispatch(r, server, "stop", settings.runTimeout(), IdlePower.ORIGIN);
    }

    /** The servers that sleep behind a wake listener (found once at start). */
    public pmgr.power.WakeableServers wakeable() {
        return wakeable;
    }

    /** The message saying that a player's join woke a server. */
    public MessageView woke(String player, String server, String workflow, String runId) {
        return Views.woke(player, server, workflow, runId);
    }

    /** Stops the bot's timers (progress ticks, question expiry): nothing of it runs after this. */
    public void close() {
        engine.events().unsubscribe(watcher);
        engine.events().unsubscribe(idle);
        engine.camel().getExecutorServiceManager().shutdownNow(scheduler);
        template.stop();
    }

    /** The routes: the command table's files and {@code direct:bot.<command>} for every command. */
    public BotRoutes routes() {
        return new BotRoutes(this, table);
    }

    public CommandTable table() {
        return table;
    }

    public GameServers servers() {
        return servers;
    }

    public BotSettings settings() {
        return settings;
    }

    /** Shows what a command's route answered. */
    public void deliver(Reply reply, Conversation conversation) {
        delivery.deliver(reply, conversation);
    }

    /** A guild the bot is in is ready: its role and channel ids. */
    public void guildReady(String guildId, String guildName, Map<String, String> roles, Map<String, String> channels) {
        access.guildReady(guildId, guildName, roles, channels);
    }

    private static Conversation conversation(Exchange e) {
        return e.getProperty(BotHeaders.CONVERSATION, Conversation.class);
    }

    private static void answer(Exchange e, Reply r) {
        e.getMessage().setBody(r);
    }

    // ---- direct:bot.<command> -----------------------------------------------------------------

    void command(Exchange e, BotCommand c) {
        BotRequest r = BotRequest.from(e.getMessage());
        Reply refused = admit(r, true);
        if (refused == null) {
            refused = checkServer(r, c);
        }
        if (refused != null) {
            answer(e, refused);
            return;
        }
        Conversation conversation = conversation(e);
        conversation.acknowledge();
        GameServer server = servers.get(r.server()).orElseThrow();
        Optional<pmgr.power.WakeableServer> sleeper = wakeable.get(server.name());
        if (c.name().equals(WAKE) && sleeper.isPresent() && power.of(sleeper.get()).is(pmgr.power.PowerState.State.ONLINE)) {
            answer(e, new Reply.Say(Views.alreadyUp(server.name()), Audience.EVERYONE));
            return;
        }
        if (c.confirmWhenPlayersOnline()) {
            try {
                engine.runner().checkNotBusy(VM_LOCK + server.name());
            } catch (BusyException busy) {
                answer(e, new Reply.Say(Views.busy(server.name(), busy, Instant.now()), Audience.EVERYONE));
                return;
            }
            Players players = playersOnline(r, server);
            if (players.online() > 0) {
                answer(e, new Reply.Ask(confirmations.open(r, c, server, players.online(), players.names(), conversation)));
                return;
            }
        }
        answer(e, start(r, c, server));
    }

    /**
     * The checks every command passes first, in this order: not a direct message, the command
     * channel, the role, the cooldown. Null when admitted.
     */
    private Reply admit(BotRequest r, boolean needsRole) {
        if (r.direct()) {
            denials.record(r, "direct message");
            return new Reply.Say(Views.refusal("Not here", "I only take commands in " + access.channelShown(null)
                    + " on the server, not in direct messages."), Audience.EVERYONE);
        }
        if (!access.channelAllowed(r.guildId(), r.channelId())) {
            // a prefix command elsewhere is just chat; a slash command gets a hint (Discord would show an error)
            return r.prefix() ? new Reply.Nothing() : new Reply.Say(Views.refusal("Wrong channel",
                    "Use my commands in " + access.channelShown(r.guildId()) + "."), Audience.REQUESTER);
        }
        if (needsRole && !access.roleAllowed(r.guildId(), r.roleIds())) {
            denials.record(r, "missing role " + access.roleName());
            return new Reply.Say(Views.accessDenied(access.roleName()), Audience.REQUESTER);
        }
        if (needsRole) {
            Optional<Duration> wait = cooldowns.take(r.userId());
            if (wait.isPresent()) {
                return new Reply.Say(Views.refusal("Slow down", "Wait " + pmgr.config.Durations.format(wait.get())
                        + " before your next command."), Audience.REQUESTER);
            }
        }
        return null;
    }

    /** The server named, known, and taking this command (and a player when it needs one). */
    private Reply checkServer(BotRequest r, BotCommand c) {
        String usage = "`" + (r.prefix() ? settings.prefix() : "/") + c.name() + " <server>" + (c.takesPlayer() ? " <player>" : "") + "`";
        if (r.server() == null) {
            return new Reply.Say(Views.refusal("Which server?", "Usage: " + usage), Audience.REQUESTER);
        }
        Optional<GameServer> server = servers.get(r.server());
        if (server.isEmpty()) {
            return new Reply.Say(Views.refusal("Unknown server", "Unknown server: **" + Views.text(shortened(r.server()))
                    + "**. Available: " + String.join(", ", servers.names())), Audience.REQUESTER);
        }
        if (!server.get().game().supports(c.name())) {
            return new Reply.Say(Views.refusal("Not for " + server.get().name(), "**" + server.get().name() + "** doesn't support `"
                    + c.name() + "`. Available: " + String.join(", ", server.get().game().commands())), Audience.REQUESTER);
        }
        if (c.takesPlayer() && r.player() == null) {
            return new Reply.Say(Views.refusal("Which player?", "Usage: " + usage), Audience.REQUESTER);
        }
        return null;
    }

    private static String shortened(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "\u2026" : s;
    }

    /** Hands the command to the game's route, which starts its run; the answer follows that run. */
    private Reply start(BotRequest r, BotCommand c, GameServer server) {
        String subject = c.takesPlayer() ? r.player() + " on " + server.name() : server.name();
        String runId;
        try {
            runId = dispatch(r, server, c.name(), settings.runTimeout(), r.origin());
        } catch (BusyException busy) {
            return new Reply.Say(Views.busy(server.name(), busy, Instant.now()), Audience.EVERYONE);
        } catch (ArgumentException bad) {
            return new Reply.Say(Views.refusal("Cannot " + c.name() + " " + Views.text(shortened(subject)),
                    Views.text(String.join("\n", bad.problems()))), Audience.REQUESTER);
        } catch (RuntimeException failed) {
            LOG.warn("bot: {} {} could not start: {}", c.name(), server.name(), Errors.describe(failed));
            return new Reply.Say(Views.refusal("Failed to " + c.name() + " " + Views.text(shortened(subject)),
                    Views.code(Errors.describe(failed), Views.ERROR_CHARS)), Audience.EVERYONE);
        }
        RunProgress progress = watcher.progress(runId).orElseThrow(() -> new IllegalStateException("run " + runId
                + " is not followed (its origin is not discord:)"));
        String shown = Views.text(subject);
        RunDisplay display = c.showsStatus() ? (s, now) -> statusView(c, shown, server, s, now)
                : (s, now) -> progressView(c, shown, server, s, now);
        return new Reply.Follow(progress, display);
    }

    private MessageView statusView(BotCommand c, String shown, GameServer server, RunProgress.Snapshot s, Instant now) {
        if (s.succeeded()) {
            Optional<Map<String, Object>> data = statusData(server, s.runId());
            Optional<pmgr.power.WakeableServer> sleeper = wakeable.get(server.name());
            if (data.isPresent() && sleeper.isPresent() && !Boolean.TRUE.equals(data.get().get("serverRunning"))) {
                return Views.sleeping(server.name(), power.of(sleeper.get()), s, now);
            }
            if (data.isPresent()) {
                MessageView view = Views.status(server.name(), data.get(), s, now);
                Optional<String> idleLine = idle.describe(server);
                return idleLine.isPresent() ? Views.withField(view, "Power", idleLine.get()) : view;
            }
        }
        return Views.progress(c, shown, s, now);
    }

    /**
     * The run's steps; a method call that did nothing because the server is not running (it records
     * {@code skipped}) says so instead of claiming it was done.
     */
    private MessageView progressView(BotCommand c, String shown, GameServer server, RunProgress.Snapshot s, Instant now) {
        MessageView steps = Views.progress(c, shown, s, now);
        boolean skipped = s.succeeded() && "method".equals(s.kind()) && engine.store().latestAll(server.definition()).stream()
                .anyMatch(v -> s.runId().equals(v.runId()) && Boolean.TRUE.equals(v.attributes().get("skipped")));
        return skipped ? Views.skipped(c, shown, server.name(), steps) : steps;
    }

    /** Runs a command of the game's route for this request; returns the run id. */
    private String dispatch(BotRequest r, GameServer server, String command, Duration bound, String origin) {
        Exchange sent = template.send(server.game().endpoint(), ex -> {
            ex.getMessage().setHeaders(r.asCommand(command).headers(server));
            ex.setProperty(RunOptions.PROPERTY, RunOptions.of(origin).failingIfBusy().boundedBy(bound));
        });
        if (sent.getException() != null) {
            Throwable t = sent.getException();
            throw t instanceof RuntimeException re ? re : new IllegalStateException(t.getMessage(), t);
        }
        if (!(sent.getMessage().getBody() instanceof String id)) {
            throw new IllegalStateException("route " + server.game().routeId() + " started no run for '" + command
                    + "' (its last step for a command sends to a workflow: or method: endpoint)");
        }
        return id;
    }

    /** What the server's status method wrote in this run. */
    private Optional<Map<String, Object>> statusData(GameServer server, String runId) {
        return engine.store().latestAll(server.definition()).stream()
                .filter(v -> runId.equals(v.runId()) && v.attributes().containsKey("serverRunning"))
                .map(ResourceVersion::attributes).findFirst();
    }

    /** Players online and their names. */
    record Players(int online, List<String> names) {
    }

    /** Who is on the server now: its status command, or the last collected metrics when that fails. */
    private Players playersOnline(BotRequest r, GameServer server) {
        if (server.game().supports("status")) {
            try {
                String id = dispatch(r, server, "status", settings.statusTimeout(), r.origin());
                RunRecord rec = engine.runner().await(id, settings.statusTimeout().plusSeconds(5));
                if (RunLedger.SUCCEEDED.equals(rec.status())) {
                    Optional<Players> now = statusData(server, id).map(Bot::players);
                    if (now.isPresent()) {
                        return now.get();
                    }
                }
                LOG.info("bot: status of {} before {} did not answer ({}); using the last metrics", server.name(),
                        r.command(), rec.error());
            } catch (Exception e) {
                LOG.info("bot: status of {} before {} failed ({}); using the last metrics", server.name(), r.command(),
                        Errors.describe(e));
            }
        }
        return lastMetrics(server).map(v -> players(v.attributes())).orElse(new Players(0, List.of()));
    }

    private static Players players(Map<String, Object> attributes) {
        int online = attributes.get("online") instanceof Number n ? n.intValue() : 0;
        List<String> names = attributes.get("players") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        return new Players(Math.max(online, names.size()), names);
    }

    private Optional<ResourceVersion> lastMetrics(GameServer server) {
        return engine.store().latestAll(server.definition()).stream().filter(v -> v.spec().equals("metrics"))
                .max(Comparator.comparing(ResourceVersion::createdAt));
    }

    // ---- direct:bot.help, direct:bot.list --------------------------------------------------------

    void help(Exchange e) {
        BotRequest r = BotRequest.from(e.getMessage());
        Reply refused = admit(r, false);
        answer(e, refused != null ? refused : new Reply.Say(Views.help(table.commands(), settings.prefix()), Audience.EVERYONE));
    }

    void list(Exchange e) {
        BotRequest r = BotRequest.from(e.getMessage());
        Reply refused = admit(r, true);
        if (refused != null) {
            answer(e, refused);
            return;
        }
        conversation(e).acknowledge();
        String note = refreshFleet(r);
        List<Views.ListRow> rows = new ArrayList<>();
        for (GameServer s : servers.all()) {
            Optional<ResourceVersion> vm = fleetEntry(s.name());
            Optional<ResourceVersion> metrics = lastMetrics(s);
            rows.add(new Views.ListRow(vm.map(v -> number(v.attributes().get("vmid"))).orElse(null), s.name(),
                    vm.map(v -> String.valueOf(v.attributes().get("status"))).orElse(null),
                    metrics.map(v -> number(v.attributes().get("online"))).orElse(null),
                    metrics.map(v -> number(v.attributes().get("max"))).orElse(null),
                    metrics.map(ResourceVersion::createdAt).orElse(null)));
        }
        rows.sort(Comparator.comparing(Views.ListRow::vmid, Comparator.nullsLast(Comparator.naturalOrder())));
        answer(e, new Reply.Say(Views.list(rows, note, Instant.now()), Audience.EVERYONE));
    }

    private static Long number(Object o) {
        return o instanceof Number n ? n.longValue() : null;
    }

    /** Runs the fleet sync first; a note when the data shown may be old. */
    private String refreshFleet(BotRequest r) {
        String workflow = settings.listSyncWorkflow();
        if (workflow.isEmpty() || engine.workflows().get(workflow).isEmpty()) {
            return null;
        }
        try {
            WorkflowRunner runner = engine.runner();
            String id = runner.start(workflow, Map.of(), RunOptions.of(r.origin()).boundedBy(settings.statusTimeout()));
            RunRecord rec = runner.await(id, settings.statusTimeout().plusSeconds(5));
            return RunLedger.SUCCEEDED.equals(rec.status()) ? null
                    : "Could not refresh the VMs (" + rec.error() + "); showing the last known state.";
        } catch (Exception ex) {
            return "Could not refresh the VMs (" + Errors.describe(ex) + "); showing the last known state.";
        }
    }

    private Optional<ResourceVersion> fleetEntry(String vm) {
        for (String fleet : engine.definitions().byType(List.of("proxmox/vm"))) {
            Optional<ResourceVersion> v = engine.store().latest(fleet, "vm", vm);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    // ---- direct:bot.autocomplete, direct:bot.button ----------------------------------------------

    /** The servers a command may name that match what was typed; nothing for people without the role. */
    void autocomplete(Exchange e) {
        BotRequest r = BotRequest.from(e.getMessage());
        String focused = e.getMessage().getHeader(BotHeaders.FOCUSED, String.class);
        boolean allowed = !r.direct() && access.roleAllowed(r.guildId(), r.roleIds());
        e.getMessage().setBody(allowed && BotHeaders.SERVER.equals(focused)
                ? servers.matching(r.command(), e.getMessage().getHeader(BotHeaders.TYPED, "", String.class)) : List.of());
    }

    // ---- direct:bot.keepup ---------------------------------------------------------------------------

    /** /keepup server [hours]: no idle stop for that long (default: the server's keepUpHours). */
    void keepUp(Exchange e) {
        BotRequest r = BotRequest.from(e.getMessage());
        Reply refused = admit(r, true);
        if (refused != null) {
            answer(e, refused);
            return;
        }
        String usage = "Usage: `" + (r.prefix() ? settings.prefix() : "/") + BotCommand.KEEP_UP + " <server> [hours]`";
        Optional<GameServer> server = servers.get(r.server()).filter(idle::watches);
        if (server.isEmpty()) {
            answer(e, new Reply.Say(Views.refusal("Which server?", (r.server() == null ? "" : "**" + Views.text(shortened(r.server()))
                    + "** has no idle power-down. ") + "Servers that have: " + String.join(", ", servers.all().stream()
                    .filter(idle::watches).map(GameServer::name).toList()) + ".\n" + usage), Audience.REQUESTER));
            return;
        }
        Duration howLong = server.get().idle().get().keepUp();
        String hours = e.getMessage().getHeader(BotHeaders.HOURS, String.class);
        if (hours != null && !hours.isBlank()) {
            double h;
            try {
                h = Double.parseDouble(hours.trim());
            } catch (NumberFormatException bad) {
                h = -1;
            }
            if (!(h > 0) || h > pmgr.power.IdlePolicy.MAX_KEEP_UP_HOURS) {
                answer(e, new Reply.Say(Views.refusal("How long?", "hours must be a number more than 0 and at most "
                        + (int) pmgr.power.IdlePolicy.MAX_KEEP_UP_HOURS + ".\n" + usage), Audience.REQUESTER));
                return;
            }
            howLong = Duration.ofMillis(Math.round(h * 3_600_000));
        }
        answer(e, new Reply.Say(idle.keepUp(server.get(), r.userName(), howLong), Audience.EVERYONE));
    }

    /** Keep it up pressed on an idle warning: like /keepup with the server's own keep-up time. */
    private void keepUpPressed(Exchange e, String serverName) {
        BotRequest presser = BotRequest.from(e.getMessage());
        Reply refused = admit(presser, true);
        Optional<GameServer> server = servers.get(serverName).filter(idle::watches);
        if (refused == null && server.isEmpty()) {
            refused = new Reply.Say(Views.refusal("Unknown server", "That server has no idle power-down any more."), Audience.REQUESTER);
        }
        if (refused != null) {
            answer(e, refused);
            return;
        }
        conversation(e).acknowledge();
        answer(e, new Reply.Say(idle.keepUp(server.get(), presser.userName(), server.get().idle().get().keepUp()), Audience.EVERYONE));
    }

    /** Confirm or Cancel pressed on a question (or Keep it up on an idle warning). */
    void button(Exchange e) {
        String buttonId = e.getMessage().getHeader(BotHeaders.BUTTON, "", String.class);
        if (buttonId.startsWith(IdlePower.BUTTON)) {
            keepUpPressed(e, buttonId.substring(IdlePower.BUTTON.length()));
            return;
        }
        BotRequest presser = BotRequest.from(e.getMessage());
        Optional<Map.Entry<String, Boolean>> pressed = Confirmations.parse(e.getMessage().getHeader(BotHeaders.BUTTON, String.class));
        if (pressed.isEmpty()) {
            answer(e, new Reply.Nothing());
            return;
        }
        Optional<Confirmations.Pending> open = confirmations.peek(pressed.get().getKey());
        if (open.isPresent() && !open.get().request().userId().equals(presser.userId())) {
            answer(e, new Reply.Say(Views.refusal("Not your question", "Only **" + Views.text(open.get().request().userName())
                    + "** can answer this."), Audience.REQUESTER));
            return;
        }
        Optional<Confirmations.Pending> taken = open.flatMap(p -> confirmations.take(p.token()));
        if (taken.isEmpty()) {
            answer(e, new Reply.Say(Views.refusal("Too late", "This question expired or was answered; give the command again."),
                    Audience.REQUESTER));
            return;
        }
        conversation(e).acknowledge();
        Confirmations.Pending p = taken.get();
        Conversation question = new QuestionConversation(p);
        if (!pressed.get().getValue()) {
            answer(e, new Reply.Elsewhere(new Reply.Say(Views.answered(p.command(), p.server().name(),
                    "cancelled by " + presser.userName()), Audience.EVERYONE), question));
            return;
        }
        answer(e, new Reply.Elsewhere(start(p.request(), p.command(), p.server()), question));
    }

    /** The message a question was shown in: answers replace it; private ones go where the question came from. */
    private record QuestionConversation(Confirmations.Pending question) implements Conversation {
        @Override
        public void acknowledge() {
        }

        @Override
        public CompletableFuture<MessageHandle> show(MessageView view, Audience audience) {
            MessageHandle shown = question.shownIn().get();
            if (audience == Audience.REQUESTER || shown == null) {
                return question.conversation().show(view, audience);
            }
            return shown.edit(view).thenApply(v -> shown);
        }
    }
}
