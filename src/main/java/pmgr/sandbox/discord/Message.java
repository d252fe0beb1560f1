package pmgr.sandbox.discord;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message as Discord holds it at the moment it was read.
 *
 * @param flags               Discord's message flags: 64 ephemeral, 128 loading (a deferred reply not yet edited)
 * @param interactionId       the interaction whose response or followup this is, else null
 * @param referencedMessageId the message this one replies to, else null
 * @param editCount           how many times it was edited since it was created
 */
public record Message(String id, String channelId, String authorId, String content, List<Map<String, Object>> embeds,
        List<Map<String, Object>> components, int flags, String interactionId, String referencedMessageId,
        Instant createdAt, int editCount, List<Map<String, Object>> attachments) {
    static final int EPHEMERAL = 64;
    static final int LOADING = 128;

    public boolean ephemeral() {
        return (flags & EPHEMERAL) != 0;
    }

    public boolean loading() {
        return (flags & LOADING) != 0;
    }
}
