package pmgr.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import pmgr.api.ApiException;
import pmgr.api.ApiRoutes;
import pmgr.sandbox.discord.Entry;
import pmgr.sandbox.discord.FakeDiscord;
import pmgr.sandbox.discord.Message;

/**
 * {@code pmgr chat}, the server side: a command given in the sandbox's fake Discord as someone (a
 * slash command or a prefix message), and every state of the bot's answer as it changes, read from
 * what the bot sent. The answer is over when its message is final: no longer loading, no buttons,
 * and its run (footer "run ... · ...") no longer running.
 */
public final class SandboxChat implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_.]{2,32}");
    private static final Duration NO_ANSWER = Duration.ofSeconds(10);
    private static final Duration BOT_READY = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofSeconds(10);
    private static final int RED = 0xcc0000;

    private final FakeDiscord discord;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Buttons are pressed off the journal's thread (the fake's event loop). */
    private final java.util.concurrent.ExecutorService presses = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pmgr-sandbox-chat");
        t.setDaemon(true);
        return t;
    });

    public SandboxChat(FakeDiscord discord) {
        this.discord = discord;
    }

    @Override
    public void close() {
        presses.shutdownNow();
    }

    /** The HTTP API's endpoints for the CLI: start a chat, then read what happens. */
    public List<ApiRoutes.Endpoint> endpoints() {
        return List.of(new ApiRoutes.Endpoint("POST", "/api/sandbox/chat", r -> Map.of("id", start(r.jsonBody()).id)),
                new ApiRoutes.Endpoint("GET", "/api/sandbox/chat/{id}", r -> poll(r.path("id"),
                        r.intQuery("after", 0))));
    }

    @SuppressWarnings("unchecked")
    Session start(Map<String, Object> body) {
        String as = String.valueOf(body.getOrDefault("as", "alice"));
        if (!NAME.matcher(as).matches()) {
            throw new ApiException(400, "'as' must be a user name: 2-32 lower-case letters, digits, '_' or '.', got '" + as + "'", null);
        }
        String channel = String.valueOf(body.getOrDefault("channel", "clankers"));
        String command = body.get("command") instanceof String s ? s.trim() : "";
        if (command.isEmpty() || command.length() > 2000) {
            throw new ApiException(400, "'command' is required: what to say, e.g. '/status server:allthemons' or '!start allthemons'", null);
        }
        String user;
        try {
            user = body.get("roles") instanceof List<?> roles ? discord.member(as, (List<String>) roles) : known(as);
            discord.channelId(channel);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage(), null);
        }
        // a chat given while serve starts waits (bounded) for the bot to be connected and its commands registered
        if (!discord.awaitReady(BOT_READY) || !discord.awaitCommands(BOT_READY)) {
            throw new ApiException(503, "the bot is not connected to the sandbox's Discord (waited "
                    + BOT_READY.toSeconds() + "s); see serve's output", null);
        }
        Session s = new Session(UUID.randomUUID().toString(), as, user, body.get("press") instanceof String p ? p : null);
        sessions.put(s.id, s);
        s.subscription = discord.subscribe(s::heard);
        if (command.startsWith("/")) {
            String[] words = command.substring(1).split("\\s+");
            Map<String, Object> options = new LinkedHashMap<>();
            for (int i = 1; i < words.length; i++) {
                int colon = words[i].indexOf(':');
                if (colon <= 0) {
                    throw new ApiException(400, "slash command options are name:value, got '" + words[i] + "'", null);
                }
                options.put(words[i].substring(0, colon), words[i].substring(colon + 1));
            }
            s.interactions.add(discord.slashCommand(as, channel, words[0], options).id());
        } else {
            s.inbound = discord.message(as, channel, command).id();
        }
        return s;
    }

    private String known(String name) {
        try {
            return discord.userId(name);
        } catch (IllegalArgumentException e) {
            return discord.member(name, List.of());
        }
    }

    Map<String, Object> poll(String id, int after) {
        Session s = sessions.get(id);
        if (s == null) {
            throw new ApiException(404, "no chat with id '" + id + "'", null);
        }
        Map<String, Object> page = s.poll(after);
        if (Boolean.TRUE.equals(page.get("done"))) {
            sessions.remove(id); // the CLI reads no further than the end
        }
        return page;
    }

    /** One command and the bot's answer to it. */
    final class Session {
        final String id;
        final String userName;
        final String userId;
        final String press;
        final Instant startedAt = Instant.now();
        final Set<String> interactions = ConcurrentHashMap.newKeySet();
        final Set<String> messages = ConcurrentHashMap.newKeySet();
        String inbound;
        String dmChannel;
        boolean pressed;
        boolean done;
        String outcome;
        final List<Map<String, Object>> events = new ArrayList<>();
        AutoCloseable subscription;

        Session(String id, String userName, String userId, String press) {
            this.id = id;
            this.userName = userName;
            this.userId = userId;
            this.press = press;
        }

        /** A journal entry: is it about our answer? */
        void heard(Entry e) {
            if (!e.ok()) {
                return;
            }
            String message = e.messageId();
            boolean ours = (e.interactionId() != null && interactions.contains(e.interactionId()))
                    || (message != null && messages.contains(message));
            if (e.kind() == Entry.Kind.DM_CHANNEL_OPENED && userId.equals(String.valueOf(e.request().get("recipient_id")))) {
                dmChannel = e.response() == null ? null : String.valueOf(e.response().get("id"));
                return;
            }
            if (!ours && message != null && e.kind() == Entry.Kind.CHANNEL_MESSAGE_SENT) {
                Optional<Message> m = discord.messageById(message);
                ours = m.isPresent() && ((m.get().referencedMessageId() != null && (messages.contains(m.get().referencedMessageId())
                        || m.get().referencedMessageId().equals(inbound))) || m.get().channelId().equals(dmChannel));
            }
            if (ours && message != null) {
                messages.add(message);
                discord.messageById(message).ifPresent(this::changed);
            }
        }

        private synchronized void changed(Message m) {
            if (done) {
                return;
            }
            Map<String, Object> event = view(m);
            event.put("seq", events.size() + 1);
            events.add(event);
            @SuppressWarnings("unchecked")
            List<String> buttons = (List<String>) event.get("buttons");
            if (press != null && !pressed && buttons.contains(press)) {
                pressed = true;
                String customId = customId(m, press);
                // pressed from another thread: the journal's listener must not wait on the fake
                presses.execute(() -> interactions.add(discord.button(userName, m.id(), customId).id()));
                return;
            }
            if (isFinal(m, event)) {
                finish(outcome(event));
            }
            notifyAll();
        }

        private void finish(String how) {
            done = true;
            outcome = how;
            try {
                subscription.close();
            } catch (Exception ignored) {
                // closing a subscription does not fail
            }
            notifyAll();
        }

        synchronized Map<String, Object> poll(int after) {
            Instant until = Instant.now().plus(POLL);
            while (!done && events.size() <= after && Instant.now().isBefore(until)) {
                if (events.isEmpty() && Instant.now().isAfter(startedAt.plus(NO_ANSWER))) {
                    finish("no answer");
                    break;
                }
                try {
                    wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("events", List.copyOf(events.subList(Math.min(after, events.size()), events.size())));
            out.put("done", done);
            out.put("outcome", outcome);
            return out;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> view(Message m) {
        Map<String, Object> e = m.embeds().isEmpty() ? Map.of() : m.embeds().get(0);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("messageId", m.id());
        v.put("ephemeral", m.ephemeral());
        v.put("loading", m.loading());
        v.put("content", m.content());
        v.put("title", e.get("title"));
        v.put("description", e.get("description"));
        v.put("colour", e.get("color"));
        v.put("fields", e.get("fields") instanceof List<?> l ? l : List.of());
        v.put("footer", e.get("footer") instanceof Map<?, ?> f ? f.get("text") : null);
        List<String> labels = new ArrayList<>();
        for (Map<String, Object> row : m.components()) {
            if (row.get("components") instanceof List<?> items) {
                for (Object item : items) {
                    if (item instanceof Map<?, ?> b && b.get("label") != null) {
                        labels.add(String.valueOf(b.get("label")));
                    }
                }
            }
        }
        v.put("buttons", labels);
        return v;
    }

    private static String customId(Message m, String label) {
        for (Map<String, Object> row : m.components()) {
            if (row.get("components") instanceof List<?> items) {
                for (Object item : items) {
                    if (item instanceof Map<?, ?> b && label.equals(b.get("label"))) {
                        return String.valueOf(b.get("custom_id"));
                    }
                }
            }
        }
        throw new IllegalStateException("no button '" + label + "'");
    }

    private static boolean isFinal(Message m, Map<String, Object> view) {
        String footer = view.get("footer") == null ? "" : String.valueOf(view.get("footer"));
        String title = view.get("title") == null ? "" : String.valueOf(view.get("title"));
        return !m.loading() && ((List<?>) view.get("buttons")).isEmpty() && !footer.contains("\u00B7 running")
                && !title.endsWith("...");
    }

    private static String outcome(Map<String, Object> view) {
        String footer = view.get("footer") == null ? "" : String.valueOf(view.get("footer"));
        if (footer.startsWith("run ")) {
            return footer.contains("\u00B7 succeeded") ? "success" : "failure";
        }
        return view.get("colour") instanceof Number c && c.intValue() == RED ? "failure" : "success";
    }
}
