package pmgr.bot;

/**
 * The exchange headers of a command, as the JDA adapter sets them on {@code direct:bot.<command>}
 * and the command table's routes read them ({@code ${header.server}}, CEL {@code headers.config}).
 */
public final class BotHeaders {
    public static final String USER_ID = "discordUserId";
    public static final String USER_NAME = "discordUserName";
    /** The member's role ids (a list). */
    public static final String ROLE_IDS = "discordRoleIds";
    public static final String CHANNEL_ID = "discordChannelId";
    public static final String GUILD_ID = "discordGuildId";
    /** True for a direct message (no guild). */
    public static final String DIRECT = "discordDirect";
    /** "slash", "prefix" or "button". */
    public static final String VIA = "discordVia";
    public static final String COMMAND = "command";
    public static final String SERVER = "server";
    public static final String PLAYER = "player";
    /** /keepup: for how many hours (optional). */
    public static final String HOURS = "hours";
    /** For autocomplete: what was typed so far, and in which option. */
    public static final String TYPED = "typed";
    public static final String FOCUSED = "focused";
    /** For a button: its id. */
    public static final String BUTTON = "button";
    /** Set by the bot for the command table: the server's definition, game and literal settings. */
    public static final String DEFINITION = "definition";
    public static final String GAME = "game";
    public static final String CONFIG = "config";

    /** The exchange property carrying the {@link Conversation}. */
    public static final String CONVERSATION = "pmgr.bot.conversation";

    private BotHeaders() {
    }
}
