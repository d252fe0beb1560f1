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

    /** Connects to Discord if there is a token; returns the line {@code serve} prints about the bot. */
    public String connect(Engine engine) throws InterruptedException {
        String env = System.getenv(BotSettings.TOKEN_ENV);
        Optional<String> token = env != null && !env.isBlank() ? Optional.of(env.trim())
                : engine.vault().get(settings.vault(), BotSettings.TOKEN_KEY);
        if (token.isEmpty()) {
            return "discord bot: off (no token: pmgr vault put " + settings.vault() + " " + BotSettings.TOKEN_KEY
                    + ", or set " + BotSettings.TOKEN_ENV + ")";
        }
        try {
            discord = DiscordBot.connect(bot, engine.camel(), token.get());
        } catch (IllegalStateException e) {
            return "discord bot: off (" + e.getMessage() + ")";
        }
        return "discord bot: connected as " + discord.account() + " to " + discord.guilds() + " guild(s), "
                + bot.servers().all().size() + " game server(s)";
    }

    public Bot bot() {
        return bot;
    }

    public Optional<DiscordBot> discord() {
        return Optional.ofNullable(discord);
    }

    @Override
    public void close() {
        if (discord != null) {
            discord.close();
        }
        if (bot != null) {
            bot.close();
        }
    }
}
