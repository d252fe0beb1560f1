package pmgr.sandbox.discord;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway WebSocket at {@code /gateway}: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME with
 * replay, RECONNECT and INVALID_SESSION on demand, and dispatches filtered by each session's intents.
 */
final class Gateway {
    static final String PATH = "/gateway";
    static final int HEARTBEAT_INTERVAL_MILLIS = 41_250;
    static final int GUILD_MEMBERS = 1 << 1;
    static final int GUILD_MESSAGES = 1 << 9;
    static final int DIRECT_MESSAGES = 1 << 12;
    static final int MESSAGE_CONTENT = 1 << 15;
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> TRACE = List.of("[\"fake-discord-gateway\",{\"micros\":0}]");

    private final DiscordState state;
    private final Journal journal;
    private final String botToken;
    private final Supplier<String> ownUrl;
    private final List<GatewaySession> sessions = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger resumes = new AtomicInteger();
    private final CountDownLatch ready = new CountDownLatch(1);

    Gateway(DiscordState state, Journal journal, String botToken, Supplier<String> ownUrl) {
        this.state = state;
        this.journal = journal;
        this.botToken = botToken;
        this.ownUrl = ownUrl;
    }

    void accept(ServerWebSocket socket) {
        if (!PATH.equals(socket.path())) {
            socket.reject(404);
            return;
        }
        Map<String, List<String>> query = new QueryStringDecoder(socket.uri()).parameters();
        GatewayConnection connection = new GatewayConnection(socket, Vertx.currentContext(),
                "zlib-stream".equals(first(query, "compress")));
        accepted.incrementAndGet();
        journal.record(Entry.Kind.GATEWAY_CONNECTED, "GATEWAY", socket.uri(), 0, null, null, null, null, null);
        socket.textMessageHandler(text -> onPayload(connection, text));
        socket.binaryMessageHandler(bytes -> onPayload(connection, bytes.toString()));
        socket.closeHandler(v -> onClosed(connection, socket.closeStatusCode()));
        // only JSON is spoken here; ETF clients would not understand a word
        if ("etf".equals(first(query, "encoding"))) {
            connection.close(4002, "Error while decoding payload.");
            return;
        }
        String version = first(query, "v");
        if (version != null && !version.equals("10")) {
            connection.close(4012, "Invalid API version.");
            return;
        }
        synchronized (state) {
            connection.send(new JsonMap().with("op", 10).with("d", new JsonMap()
                    .with("heartbeat_interval", HEARTBEAT_INTERVAL_MILLIS).with("_trace", TRACE))
                    .with("s", null).with("t", null));
        }
    }

    /** Sends the dispatch to every session for which {@code dataFor} gives a payload (null skips it). */
    void dispatch(String type, Function<GatewaySession, Map<String, Object>> dataFor) {
        for (GatewaySession session : sessions) {
            Map<String, Object> data = dataFor.apply(session);
            if (data != null) {
                session.dispatch(type, data);
            }
        }
    }

    boolean hasSession() {
        return !sessions.isEmpty();
    }

    /** Op 7: each connected client should reconnect and resume; what is dispatched meanwhile waits for it. */
    void sendReconnect() {
        for (GatewaySession session : sessions) {
            GatewayConnection connection = session.detach();
            if (connection != null) {
                connection.send(new JsonMap().with("op", 7).with("d", null));
            }
        }
    }

    /** Op 9: resumable keeps the sessions for a RESUME; otherwise they are gone and clients must IDENTIFY. */
    void invalidateSessions(boolean resumable) {
        for (GatewaySession session : List.copyOf(sessions)) {
            GatewayConnection connection = session.detach();
            if (!resumable) {
                sessions.remove(session);
            }
            if (connection != null) {
                connection.send(new JsonMap().with("op", 9).with("d", resumable));
            }
        }
    }

    int connectionsAccepted() {
        return accepted.get();
    }

    int resumes() {
        return resumes.get();
    }

    boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onPayload(GatewayConnection connection, String text) {
        Map<String, Object> payload;
        try {
            payload = Json.parseObject(text);
        } catch (RuntimeException e) {
            connection.close(4002, "Error while decoding payload.");
            return;
        }
        int op = payload.get("op") instanceof Number n ? n.intValue() : -1;
        Map<String, Object> data = payload.get("d") instanceof Map<?, ?> d ? Json.asObject(d) : Map.of();
        journal.record(kindOf(op), "GATEWAY", opName(op), 0, Journal.masked(payload), null, null, null, null);
        try {
            synchronized (state) {
                handle(connection, op, data);
            }
        } catch (RuntimeException e) {
            LOG.warn("fake gateway failed on op {}", op, e);
            connection.close(4000, "Unknown error.");
        }
    }

    private void handle(GatewayConnection connection, int op, Map<String, Object> data) {
        switch (op) {
            case 1 -> connection.send(new JsonMap().with("op", 11).with("d", null));
            case 2 -> identify(connection, data);
            case 6 -> resume(connection, data);
            case 3, 4 -> requireSession(connection);
            case 8 -> {
                if (requireSession(connection)) {
                    sendMemberChunk(connection.session, data);
                }
            }
            default -> connection.close(4001, "Unknown opcode.");
        }
    }

    private void identify(GatewayConnection connection, Map<String, Object> data) {
        if (connection.session != null) {
            connection.close(4005, "Already authenticated.");
            return;
        }
        if (!botToken.equals(data.get("token"))) {
            connection.close(4004, "Authentication failed.");
            return;
        }
        int intents = data.get("intents") instanceof Number n ? n.intValue() : 0;
        GatewaySession session = new GatewaySession(HexFormat.of().formatHex(randomBytes()), intents);
        sessions.add(session);
        session.attach(connection);
        session.dispatch("READY", state.entities.ready(session.id, ownUrl.get()));
        session.dispatch("GUILD_CREATE", state.entities.guildCreate(
                state.directory.member(state.directory.bot.id()).orElseThrow().joinedAt()));
        ready.countDown();
    }

    private void resume(GatewayConnection connection, Map<String, Object> data) {
        if (!botToken.equals(data.get("token"))) {
            connection.close(4004, "Authentication failed.");
            return;
        }
        GatewaySession session = sessions.stream().filter(s -> s.id.equals(data.get("session_id"))).findFirst()
                .orElse(null);
        int lastSeen = data.get("seq") instanceof Number n ? n.intValue() : 0;
        if (session == null || !session.replayAfter(lastSeen, connection)) {
            sessions.remove(session);
            connection.send(new JsonMap().with("op", 9).with("d", false));
            return;
        }
        session.detach();
        session.attach(connection);
        session.dispatch("RESUMED", new JsonMap().with("_trace", TRACE));
        resumes.incrementAndGet();
    }

    /** Op 8 answered from the member list in one chunk; ids nobody has go to not_found. */
    private void sendMemberChunk(GatewaySession session, Map<String, Object> data) {
        List<String> wanted = data.get("user_ids") instanceof List<?> ids ? ids.stream().map(String::valueOf).toList()
                : data.get("user_ids") != null ? List.of(String.valueOf(data.get("user_ids"))) : null;
        String prefix = Objects.toString(data.get("query"), "");
        List<Map<String, Object>> members = new ArrayList<>();
        for (Directory.Member member : state.directory.members()) {
            String name = state.directory.accountById(member.userId()).orElseThrow().name();
            if (wanted != null ? wanted.contains(member.userId()) : name.startsWith(prefix)) {
                members.add(state.entities.member(member));
            }
        }
        List<String> notFound = wanted == null ? List.of() : wanted.stream()
                .filter(id -> state.directory.member(id).isEmpty()).toList();
        session.dispatch("GUILD_MEMBERS_CHUNK", new JsonMap()
                .with("guild_id", state.directory.guildId)
                .with("members", members)
                .with("chunk_index", 0)
                .with("chunk_count", 1)
                .with("not_found", notFound)
                .with("nonce", data.get("nonce")));
    }

    private boolean requireSession(GatewayConnection connection) {
        if (connection.session == null) {
            connection.close(4003, "Not authenticated.");
            return false;
        }
        return true;
    }

    private void onClosed(GatewayConnection connection, Short code) {
        int closeCode = code == null ? 1006 : code;
        synchronized (state) {
            GatewaySession session = connection.session;
            if (session != null && session.carriedBy(connection)) {
                session.detach();
                // a client closing normally ends its session, as on Discord; other codes keep it resumable
                if (closeCode == 1000 || closeCode == 1001) {
                    sessions.remove(session);
                }
            }
        }
        connection.dispose();
        journal.record(Entry.Kind.GATEWAY_CLOSED, "GATEWAY", "CLOSE", closeCode, null, null, null, null, null);
    }

    private static Entry.Kind kindOf(int op) {
        return switch (op) {
            case 2 -> Entry.Kind.GATEWAY_IDENTIFY;
            case 6 -> Entry.Kind.GATEWAY_RESUME;
            default -> Entry.Kind.GATEWAY_OTHER;
        };
    }

    private static String opName(int op) {
        return switch (op) {
            case 1 -> "HEARTBEAT";
            case 2 -> "IDENTIFY";
            case 3 -> "PRESENCE_UPDATE";
            case 4 -> "VOICE_STATE_UPDATE";
            case 6 -> "RESUME";
            case 8 -> "REQUEST_GUILD_MEMBERS";
            default -> "OP_" + op;
        };
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
