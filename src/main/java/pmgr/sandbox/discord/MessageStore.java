package pmgr.sandbox.discord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every message that exists, in creation (and so id) order; guarded by the state lock. */
final class MessageStore {
    private final Map<String, StoredMessage> messages = new LinkedHashMap<>();

    void add(StoredMessage message) {
        messages.put(message.id, message);
    }

    Optional<StoredMessage> find(String id) {
        return Optional.ofNullable(messages.get(id));
    }

    void remove(String id) {
        messages.remove(id);
    }

    List<StoredMessage> inChannel(String channelId) {
        return messages.values().stream().filter(m -> m.channelId.equals(channelId)).toList();
    }

    List<StoredMessage> ofInteraction(String interactionId, String originalId) {
        List<StoredMessage> found = new ArrayList<>();
        for (StoredMessage m : messages.values()) {
            if (m.id.equals(originalId) || interactionId.equals(m.interactionId())) {
                found.add(m);
            }
        }
        return found;
    }

    Optional<StoredMessage> latestReplyTo(String messageId) {
        StoredMessage latest = null;
        for (StoredMessage m : messages.values()) {
            if (messageId.equals(m.referencedMessageId)) {
                latest = m;
            }
        }
        return Optional.ofNullable(latest);
    }
}
