package pmgr.sandbox.discord;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An in-process fake Discord — REST API and gateway WebSocket on one loopback port — that the real JDA
 * connects to, so a bot can be tested end to end without the internet.
 *
 * <pre>{@code
 * try (FakeDiscord fake = FakeDiscord.builder().build().start()) {
 *     JDA jda = JDABuilder.createLight(fake.botToken(), intents)
 *             .setRestConfig(new RestConfig().setBaseUrl(fake.restBaseUrl()))
 *             .setSessionController(new ConcurrentSessionController() {
 *                 public String getGateway() { return fake.gatewayUrl(); }
 *             })
 *             .build().awaitReady();
 *     Interaction i = fake.slashCommand("alice", "clankers", "status", Map.of());
 *     fake.await(EntryMatch.kind(Entry.Kind.INTERACTION_CALLBACK).and(EntryMatch.interaction(i.id())), timeout);
 * }
 * }</pre>
 *
 * <p>The guild "homelab" has the roles {@code @everyone} and {@code homie}, the text channels
 * {@code general} and {@code clankers}, and the members alice (the owner) and bob with the role homie and
 * mallory without it. Time-based rules use the builder's clock.
 */
public final class FakeDiscord implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String host;
    private final int requestedPort;
    private final String botToken;
    private final DiscordState state;
    private final Journal journal;
    private final Gateway gateway;
    private final Messaging messaging;
    private final UserActions users;
    private final Router router = new Router();
    private final CountDownLatch commandsRegistered = new CountDownLatch(1);
    private Vertx vertx;
    private int port = -1;
    private boolean closed;

    private FakeDiscord(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        Snowflakes ids = new Snowflakes(b.clock);
        Directory directory = new Directory(ids::next, "homelab", "pmgr", b.clock.instant());
        this.botToken = b.botToken != null ? b.botToken : tokenFor(directory.bot.id());
        this.state = new DiscordState(b.clock, new Settings(b.interactionTokenLifetime, b.ackDeadline,
                b.oldMessageAge, b.oldMessageEditLimit, b.editLimit, b.editWindow), ids, directory);
        seed(directory);
        this.journal = new Journal(b.clock);
        this.gateway = new Gateway(state, journal, botToken, this::gatewayUrl);
        this.messaging = new Messaging(state, gateway);
        this.users = new UserActions(state, gateway, messaging);
        new UsersApi(state, this::gatewayUrl).register(router);
        new CommandsApi(state, commandsRegistered).register(router);
        new CallbackApi(state, messaging).register(router);
        new WebhooksApi(state, messaging).register(router);
        new ChannelsApi(state, messaging).register(router);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Listens on the port; returns this once it accepts connections. A closed fake cannot be restarted. */
    public synchronized FakeDiscord start() {
        if (closed) {
            throw new IllegalStateException("fake Discord is closed");
        }
        if (vertx != null) {
            return this;
        }
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        RestServer rest = new RestServer(state, router, journal, botToken);
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(requestedPort))
                .webSocketHandler(gateway::accept)
                .requestHandler(rest::handle);
        try {
            port = server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("fake Discord could not listen on " + host + ":" + requestedPort, e);
        }
        return this;
    }

    /** {@code http://127.0.0.1:PORT/api/v10/}, for {@code RestConfig.setBaseUrl}. */
    public String restBaseUrl() {
        return "http://" + host + ":" + port() + RestServer.PREFIX;
    }

    /** {@code ws://127.0.0.1:PORT/gateway}; it is also the resume_gateway_url READY hands out. */
    public String gatewayUrl() {
        return "ws://" + host + ":" + port() + Gateway.PATH;
    }

    public String botToken() {
        return botToken;
    }

    public String applicationId() {
        return state.directory.applicationId;
    }

    public String botUserId() {
        return state.directory.bot.id();
    }

    public String guildId() {
        return state.directory.guildId;
    }

    public String guildName() {
        return state.directory.guildName;
    }

    /** @throws IllegalArgumentException for an unknown name, listing the known ones */
    public String roleId(String name) {
        synchronized (state) {
            return state.directory.roleNamed(name).id();
        }
    }

    public String channelId(String name) {
        synchronized (state) {
            return state.directory.guildChannelNamed(name).id();
        }
    }

    public String userId(String name) {
        synchronized (state) {
            return state.directory.accountNamed(name).id();
        }
    }

    /**
     * Adds a member or changes their roles. Like Discord, the gateway tells the bot (GUILD_MEMBER_ADD /
     * GUILD_MEMBER_UPDATE) only if it identified with the GUILD_MEMBERS intent; interactions and messages
     * always carry the member's current roles.
     */
    public String member(String name, List<String> roleNames) {
        synchronized (state) {
            return users.member(name, roleNames, false);
        }
    }

    /** Another bot account in the guild (its messages have author.bot = true), without roles. */
    public String botMember(String name) {
        synchronized (state) {
            return users.member(name, List.of(), true);
        }
    }

    /** True once a client's IDENTIFY was answered with READY and GUILD_CREATE. */
    public boolean awaitReady(Duration timeout) {
        try {
            return gateway.awaitReady(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True once the bot registered commands (bulk overwrite, create or edit), global or for the guild. */
    public boolean awaitCommands(Duration timeout) {
        try {
            return commandsRegistered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The commands usable in the guild as stored (with ids): the guild's own, then the global ones. */
    public List<Map<String, Object>> registeredCommands() {
        synchronized (state) {
            return state.commands.usableInGuild().stream().map(Json::copyAsObject).toList();
        }
    }

    /**
     * A member uses a slash command registered by the bot. Option values are strings, numbers or booleans
     * (user, role and channel options take names or ids); subcommands follow the name: {@code "vm start"}.
     */
    public Interaction slashCommand(String user, String channel, String command, Map<String, Object> options) {
        synchronized (state) {
            return users.command(user, channel, command, options, null);
        }
    }

    /** A member is typing an option of a command with autocomplete; the focused value is sent as typed. */
    public Interaction autocomplete(String user, String channel, String command, Map<String, Object> options,
            String focusedOption) {
        synchronized (state) {
            return users.command(user, channel, command, options, focusedOption);
        }
    }

    /** A click on a button of a message the bot sent; each click is a new interaction with its own token. */
    public Interaction button(String user, String messageId, String customId) {
        synchronized (state) {
            return users.button(user, messageId, customId);
        }
    }

    /** A member writes in a guild text channel. */
    public InboundMessage message(String user, String channel, String content) {
        synchronized (state) {
            return users.message(user, channel, content);
        }
    }

    /** A user writes to the bot in their DM channel (opened on first use). */
    public InboundMessage directMessage(String user, String content) {
        synchronized (state) {
            return users.directMessage(user, content);
        }
    }

    /** Op 7 to every connected session; dispatches wait for the client's RESUME. */
    public void sendReconnect() {
        synchronized (state) {
            gateway.sendReconnect();
        }
    }

    /** Op 9 to every connected session; not resumable means the client must IDENTIFY again. */
    public void invalidateSession(boolean resumable) {
        synchronized (state) {
            gateway.invalidateSessions(resumable);
        }
    }

    public int connectionsAccepted() {
        return gateway.connectionsAccepted();
    }

    public int resumes() {
        return gateway.resumes();
    }

    public List<Entry> journal() {
        return journal.entries();
    }

    /** The listener hears every new entry on the thread that recorded it (often the event loop): keep it quick. */
    public AutoCloseable subscribe(Consumer<Entry> listener) {
        return journal.subscribe(listener);
    }

    /**
     * The first journal entry, already recorded or coming within the timeout, that matches.
     *
     * @throws IllegalStateException on timeout, naming the predicate (say what it is with {@link EntryMatch})
     *                               and listing the last entries
     */
    public Entry await(Predicate<Entry> match, Duration timeout) {
        return journal.await(match, timeout);
    }

    public Optional<Message> messageById(String id) {
        synchronized (state) {
            return state.messages.find(id).map(StoredMessage::snapshot);
        }
    }

    /** Messages of a channel (by name, or any channel id such as a DM's), oldest first, ephemeral ones included. */
    public List<Message> messages(String channel) {
        synchronized (state) {
            return state.messages.inChannel(state.directory.channelByNameOrId(channel).id()).stream()
                    .map(StoredMessage::snapshot).toList();
        }
    }

    /** The interaction's original response (for a button click answered by an update: the clicked message) and its followups. */
    public List<Message> interactionMessages(String interactionId) {
        synchronized (state) {
            IssuedInteraction interaction = state.interactions.byId(interactionId)
                    .orElseThrow(() -> new IllegalArgumentException("no interaction " + interactionId));
            return state.messages.ofInteraction(interaction.id, interaction.originalMessageId).stream()
                    .map(StoredMessage::snapshot).toList();
        }
    }

    /** The newest message replying to the given one. */
    public Optional<Message> latestReplyTo(String messageId) {
        synchronized (state) {
            return state.messages.latestReplyTo(messageId).map(StoredMessage::snapshot);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (vertx == null) {
            return;
        }
        try {
            // wait, so the port is free and no event-loop thread outlives the fake
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        vertx = null;
    }

    private int port() {
        if (port < 0) {
            throw new IllegalStateException("fake Discord is not started");
        }
        return port;
    }

    private static void seed(Directory directory) {
        directory.addTextChannel("general");
        directory.addTextChannel("clankers");
        String homie = directory.addRole("homie", 0, null);
        for (String name : List.of("alice", "bob", "mallory")) {
            String id = directory.account(name, false).id();
            directory.putMember(id, name.equals("mallory") ? List.of() : List.of(homie),
                    directory.member(directory.bot.id()).orElseThrow().joinedAt());
        }
        directory.setOwner(directory.accountNamed("alice").id());
    }

    /** Shaped like a real bot token: base64 of the bot's id, a timestamp part and an HMAC-like part. */
    private static String tokenFor(String botId) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        byte[] stamp = new byte[4];
        byte[] secret = new byte[27];
        RANDOM.nextBytes(stamp);
        RANDOM.nextBytes(secret);
        return b64.encodeToString(botId.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(stamp) + "."
                + b64.encodeToString(secret);
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String botToken;
        private Duration interactionTokenLifetime = Duration.ofMinutes(15);
        private Duration ackDeadline = Duration.ofSeconds(3);
        private Duration oldMessageAge = Duration.ofHours(1);
        private int oldMessageEditLimit = 3;
        private int editLimit = 5;
        private Duration editWindow = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Default: a random token shaped like a real one. */
        public Builder botToken(String botToken) {
            this.botToken = botToken;
            return this;
        }

        /** How long webhook calls with an interaction's token work after dispatch (Discord: 15 minutes). */
        public Builder interactionTokenLifetime(Duration lifetime) {
            this.interactionTokenLifetime = lifetime;
            return this;
        }

        /** How long after dispatch the callback is accepted (Discord: 3 seconds). */
        public Builder ackDeadline(Duration deadline) {
            this.ackDeadline = deadline;
            return this;
        }

        /** From what age a message counts as old for the edit cap (Discord: 1 hour). */
        public Builder oldMessageAge(Duration age) {
            this.oldMessageAge = age;
            return this;
        }

        /** How many edits an old message accepts per hour before answering 400 code 30046 (default 3). */
        public Builder oldMessageEditLimit(int edits) {
            this.oldMessageEditLimit = edits;
            return this;
        }

        /** Edits one message accepts per window before answering 429 (default 5 per 5 s). */
        public Builder editRateLimit(int edits, Duration window) {
            this.editLimit = edits;
            this.editWindow = window;
            return this;
        }

        /** The fake's clock for every time-based rule, ids and timestamps (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public FakeDiscord build() {
            return new FakeDiscord(this);
        }
    }
}
