package pmgr.bot;

import java.nio.file.Path;
import java.time.Duration;
import pmgr.config.Settings;

/** The bot's settings ({@code pmgr.bot.*}; every key is described in pmgr-defaults.properties). */
public record BotSettings(Path dir, String vault, String prefix, String role, String channel, Duration cooldown,
                          Duration runTimeout, Duration confirmTimeout, Duration statusTimeout, Duration editInterval,
                          Duration progressTick, String listSyncWorkflow, Duration interactionTokenLifetime,
                          Duration oldMessageAge, String restUrl, String gatewayUrl, Duration idleStaleAfter) {
    /** The vault key holding the bot token. */
    public static final String TOKEN_KEY = "discord-token";
    /** The environment variable that may hold the token instead. */
    public static final String TOKEN_ENV = "PMGR_DISCORD_TOKEN";

    public static BotSettings from(Settings s) {
        return new BotSettings(s.path("pmgr.bot.dir"), s.get("pmgr.bot.vault"), s.get("pmgr.bot.prefix").trim(),
                s.get("pmgr.bot.role").trim(), s.get("pmgr.bot.channel").trim(), s.getDuration("pmgr.bot.cooldown"),
                s.getDuration("pmgr.bot.run-timeout"), s.getDuration("pmgr.bot.confirm-timeout"),
                s.getDuration("pmgr.bot.status-timeout"), s.getDuration("pmgr.bot.edit-interval"),
                s.getDuration("pmgr.bot.progress-tick"), s.get("pmgr.bot.list-sync-workflow").trim(),
                s.getDuration("pmgr.bot.interaction-token-lifetime"), s.getDuration("pmgr.bot.old-message-age"),
                s.get("pmgr.bot.rest-url").trim(), s.get("pmgr.bot.gateway-url").trim(),
                s.getDuration("pmgr.bot.idle-stale-after"));
    }

    /** Prefix commands are on (they need Discord's privileged message content intent). */
    public boolean prefixCommands() {
        return !prefix.isEmpty();
    }
}
