package pmgr.bot;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.store.ResourceStore;

/**
 * Refused commands are data like everything else: a version of {@code discord denial/<user id>} per
 * refusal, so {@code pmgr data versions discord <user id>} tells who tried what, where and why.
 */
final class Denials {
    static final String INSTANCE = "discord";
    private static final Logger LOG = LoggerFactory.getLogger(Denials.class);
    private final ResourceStore store;

    Denials(ResourceStore store) {
        this.store = store;
    }

    void record(BotRequest r, String reason) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("userId", r.userId());
        d.put("userName", r.userName());
        d.put("command", r.command());
        d.put("server", r.server());
        d.put("channelId", r.channelId());
        d.put("guildId", r.guildId());
        d.put("via", r.via());
        d.put("reason", reason);
        d.put("at", Instant.now().toString());
        LOG.info("bot: refused {} from {} ({}): {}", r.command(), r.userName(), r.userId(), reason);
        store.write(INSTANCE, "denial", r.userId() == null ? "unknown" : r.userId(), d, Set.of(),
                new ResourceStore.Origin("discord/bot", r.command(), null, null));
    }
}
