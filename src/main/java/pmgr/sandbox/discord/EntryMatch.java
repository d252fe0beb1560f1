package pmgr.sandbox.discord;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A journal predicate that says what it matches, so {@link FakeDiscord#await} can name what it waited for.
 *
 * <pre>{@code fake.await(EntryMatch.kind(ORIGINAL_EDITED).and(EntryMatch.interaction(i.id())), Duration.ofSeconds(5));}</pre>
 */
public record EntryMatch(String description, Predicate<Entry> test) implements Predicate<Entry> {

    public static EntryMatch kind(Entry.Kind kind) {
        return new EntryMatch("kind " + kind, e -> e.kind() == kind);
    }

    public static EntryMatch interaction(String interactionId) {
        return new EntryMatch("interaction " + interactionId, e -> Objects.equals(e.interactionId(), interactionId));
    }

    public static EntryMatch message(String messageId) {
        return new EntryMatch("message " + messageId, e -> Objects.equals(e.messageId(), messageId));
    }

    public static EntryMatch channel(String channelId) {
        return new EntryMatch("channel " + channelId, e -> Objects.equals(e.channelId(), channelId));
    }

    public static EntryMatch status(int status) {
        return new EntryMatch("status " + status, e -> e.status() == status);
    }

    public static EntryMatch described(String description, Predicate<Entry> test) {
        return new EntryMatch(description, test);
    }

    @Override
    public boolean test(Entry entry) {
        return test.test(entry);
    }

    @Override
    public EntryMatch and(Predicate<? super Entry> other) {
        return new EntryMatch(description + " and " + other, e -> test.test(e) && other.test(e));
    }

    @Override
    public String toString() {
        return description;
    }
}
