package pmgr.bot.jda;

import java.util.Optional;
import pmgr.bot.Bot;
import pmgr.bot.BotSettings;
import pmgr.engine.Engine;

/**
 * The bot as {@code serve} runs it: its routes (the command table) in the engine, and the Discord
 * connection when there is a token - in the vault ({@code discord-token}) or in
 * {@code PMGR_DISCORD_TOKEN}. Without one the bot is off, and {@link #connect} says so.
 */
public final class BotService implements AutoCloseable {
    private final BotSettings settings;
    private Bot bot;
    private DiscordBot discord;
    private pmgr.wake.WakeService wake;

    public BotService(BotSettings settings) {
        this.settings = settings;
    }

    /** The engine's options with the bot's routes. */
    public Engine.Options addTo(Engine.Options options) {
        return options.withRoutes(engine -> {
            bot = new Bot(engine, settings);
            return bot.routes();
        });
    }

    /**
     * Starts the wake listeners (they post in the bot's channel when a join wakes a server, once the
     * bot is connected), then connects to Discord if there is a token; returns the line
     * {@code serve} prints about the bot ({@link #wake()} describes the listeners).
     */
    public String connect(Engine engine) throws InterruptedException {
        startWake(engine);
        registerHealth(engine);
        String env = System.getenv(BotSettings.TOKEN_ENV);
        Optional<String> token = env != null && !env.isBlank() ? Optional.of(env.trim())
                : engine.vault().get(settings.vault(), BotSettings.TOKEN_KEY);
        if (token.isEmpty()) {
            health.off = "off: no token";
            return "discord bot: off (no token: pmgr vault put " + settings.vault() + " " + BotSettings.TOKEN_KEY
                    + ", or set " + BotSettings.TOKEN_ENV + ")";
        }
        try {
            discord = DiscordBot.connect(bot, engine.camel(), token.get());
            bot.announceWith(discord::announce);
        } catch (IllegalStateException e) {
            health.off = "off: " + e.getMessage();
            return "discord bot: off (" + e.getMessage() + ")";
        }
        return "discord bot: connected as " + discord.account() + " to " + discord.guilds() + " guild(s), "
                + bot.servers().all().size() + " game server(s)";
    }

    /**
     * Leaves the bot off on purpose ({@code pmgr.bot.enabled=false}: another copy of this application
     * answers on the same token - two bots would both answer); the health check says so.
     */
    public String switchedOff(Engine engine, String reason) {
        startWake(engine); // a sleeping server still wakes on a join; only nobody is told in Discord
        registerHealth(engine);
        health.off = "off: " + reason;
        return "discord bot: off (" + reason + ")";
    }

    /** The wake listeners; a join that wakes a server is posted in the bot's channel while it is connected. */
    private void startWake(Engine engine) {
        wake = pmgr.wake.WakeService.start(engine, bot.wakeable(), (player, server, workflow, runId) -> {
            if (discord != null) {
                discord.announce(bot.woke(player, server, workflow, runId)).exceptionally(e -> {
                    org.slf4j.LoggerFactory.getLogger(BotService.class).warn("bot: cannot say that {} woke {}: {}", player, server,
                            pmgr.engine.Errors.describe(e));
                    return null;
                });
            }
        });
    }

    private void registerHealth(Engine engine) {
        health = new DiscordHealth();
        health.setCamelContext(engine.camel());
        org.apache.camel.health.HealthCheckRegistry.get(engine.camel()).register(health);
    }

    /** Readiness: the bot is connected to Discord's gateway (a bot that is off on purpose is not a fault). */
    private final class DiscordHealth extends org.apache.camel.impl.health.AbstractHealthCheck {
        private volatile String off;

        DiscordHealth() {
            super("pmgr", "discord");
        }

        @Override
        protected void doCall(org.apache.camel.health.HealthCheckResultBuilder builder, java.util.Map<String, Object> options) {
            if (discord == null) {
                builder.up().message(off == null ? "starting" : off);
                return;
            }
            String status = discord.status();
            if ("CONNECTED".equals(status)) {
                builder.up().message("connected as " + discord.account());
            } else {
                builder.down().message("not connected to Discord's gateway (" + status + ")");
            }
        }
    }

    private DiscordHealth health;

    public Bot bot() {
        return bot;
    }

    /** The wake-on-join listeners (after {@link #connect}). */
    public pmgr.wake.WakeService wake() {
        return wake;
    }

    public Optional<DiscordBot> discord() {
        return Optional.ofNullable(discord);
    }

    @Override
    public void close() {
        if (wake != null) {
            wake.stop(); // before the bot it posts through
        }
        if (health != null && health.getCamelContext() != null) {
            org.apache.camel.health.HealthCheckRegistry registry = org.apache.camel.health.HealthCheckRegistry.get(health.getCamelContext());
            if (registry != null) {
                registry.unregister(health);
            }
        }
        if (discord != null) {
            discord.close();
        }
        if (bot != null) {
            bot.close();
        }
    }
}
