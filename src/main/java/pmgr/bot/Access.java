package pmgr.bot;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may give commands, and where: the configured role and channel, matched by id. Names in the
 * configuration are resolved to ids when the bot joins a guild (and warned about when they match
 * several roles or channels, or none), so renaming a role never opens or closes the door.
 */
final class Access {
    private static final Logger LOG = LoggerFactory.getLogger(Access.class);
    private final String role;
    private final String channel;
    private final Map<String, Set<String>> roleIds = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> channelIds = new ConcurrentHashMap<>();
    private final Map<String, String> channelShown = new ConcurrentHashMap<>();

    Access(String role, String channel) {
        this.role = strip(role, "@");
        this.channel = strip(channel, "#");
    }

    private static String strip(String s, String mark) {
        return s.startsWith(mark) ? s.substring(mark.length()) : s;
    }

    /** A guild is ready: resolve the role and channel to its ids. */
    void guildReady(String guildId, String guildName, Map<String, String> roles, Map<String, String> channels) {
        if (!role.isEmpty()) {
            Set<String> ids = resolve("role", role, roles, guildName);
            roleIds.put(guildId, ids);
        }
        if (!channel.isEmpty()) {
            Set<String> ids = resolve("channel", channel, channels, guildName);
            channelIds.put(guildId, ids);
            channelShown.put(guildId, ids.size() == 1 ? "<#" + ids.iterator().next() + ">" : "#" + channel);
        }
    }

    private static Set<String> resolve(String what, String configured, Map<String, String> byId, String guild) {
        if (byId.containsKey(configured)) {
            return Set.of(configured);
        }
        Set<String> ids = byId.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(configured))
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
        if (ids.isEmpty()) {
            LOG.warn("bot: guild '{}' has no {} named or with id '{}': commands there are refused (pmgr.bot.{})", guild, what,
                    configured, what);
        } else if (ids.size() > 1) {
            LOG.warn("bot: in guild '{}' {} ids {} are all named '{}'; any of them is accepted. Set pmgr.bot.{} to one id",
                    guild, ids.size() + " " + what + "s", ids, configured, what);
        } else {
            LOG.info("bot: guild '{}': {} '{}' is id {}", guild, what, configured, ids.iterator().next());
        }
        return ids;
    }

    boolean roleAllowed(String guildId, List<String> memberRoles) {
        if (role.isEmpty()) {
            return true;
        }
        Set<String> ids = guildId == null ? Set.of() : roleIds.getOrDefault(guildId, Set.of());
        return memberRoles.stream().anyMatch(ids::contains);
    }

    boolean channelAllowed(String guildId, String channelId) {
        return channel.isEmpty() || (guildId != null && channelIds.getOrDefault(guildId, Set.of()).contains(channelId));
    }

    String roleName() {
        return role;
    }

    /** The command channel as a mention (a link in Discord), or its name. */
    String channelShown(String guildId) {
        if (channel.isEmpty()) {
            return "any channel";
        }
        return guildId == null ? "#" + channel : channelShown.getOrDefault(guildId, "#" + channel);
    }

    /** The one command channel of a guild, where the bot says things nobody asked for (a wake); empty if not one. */
    java.util.Optional<String> channelOf(String guildId) {
        Set<String> ids = channelIds.getOrDefault(guildId, Set.of());
        return ids.size() == 1 ? java.util.Optional.of(ids.iterator().next()) : java.util.Optional.empty();
    }

    boolean channelConfigured() {
        return !channel.isEmpty();
    }
}
