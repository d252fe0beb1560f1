package pmgr.sandbox.discord;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the bot did, in order; listeners hear each entry on the thread that recorded it. */
final class Journal {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final int ENTRIES_SHOWN_ON_TIMEOUT = 15;
    private final Clock clock;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

    Journal(Clock clock) {
        this.clock = clock;
    }

    /** Records an entry; bodies are deep-copied so later changes do not show through. */
    Entry record(Entry.Kind kind, String method, String path, int status, Object request, Object response,
            String interactionId, String messageId, String channelId) {
        Entry entry;
        synchronized (this) {
            entry = new Entry(entries.size() + 1, clock.instant(), System.nanoTime(), kind, method, path, status,
                    Json.copyAsObject(request), Json.copyAsObject(response), interactionId, messageId, channelId);
            entries.add(entry);
            notifyAll();
        }
        for (Consumer<Entry> listener : listeners) {
            try {
                listener.accept(entry);
            } catch (RuntimeException e) {
                LOG.warn("journal listener failed on {}", entry, e);
            }
        }
        return entry;
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    AutoCloseable subscribe(Consumer<Entry> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The first entry, recorded before or during the wait, that matches. */
    Entry await(Predicate<Entry> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        synchronized (this) {
            while (true) {
                for (; checked < entries.size(); checked++) {
                    if (match.test(entries.get(checked))) {
                        return entries.get(checked);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("waited " + timeout + " for a journal entry matching " + match
                            + " but none came; last entries:\n" + lastEntries());
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for " + match, e);
                }
            }
        }
    }

    private String lastEntries() {
        int from = Math.max(0, entries.size() - ENTRIES_SHOWN_ON_TIMEOUT);
        return entries.subList(from, entries.size()).stream().map(e -> "  " + e)
                .collect(Collectors.joining("\n"));
    }

    /** Tokens never show in a journal, even a test's. */
    static Map<String, Object> masked(Map<String, Object> gatewayPayload) {
        Object d = gatewayPayload.get("d");
        if (!(d instanceof Map<?, ?> data) || !data.containsKey("token")) {
            return gatewayPayload;
        }
        JsonMap copy = new JsonMap(gatewayPayload);
        copy.put("d", new JsonMap(Json.asObject(data)).with("token", "<masked>"));
        return copy;
    }
}
