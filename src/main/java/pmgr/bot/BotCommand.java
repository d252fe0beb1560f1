package pmgr.bot;

/**
 * A command people give the bot about one game server ({@code /start server}, {@code !start allthemons}),
 * as declared in {@code bot/commands.yaml}. What it runs for each kind of game is in that game's file.
 *
 * @param takesPlayer              the command also names a player ({@code /op server player})
 * @param confirmWhenPlayersOnline with players online it asks Confirm / Cancel before it runs
 * @param showsStatus              the result is shown as the server's status (online, players) rather than as steps
 * @param doing                    the verb while it runs ("Starting"); the command name when not declared
 * @param done                     the verb when it succeeded ("Started")
 */
public record BotCommand(String name, String description, boolean takesPlayer, boolean confirmWhenPlayersOnline,
                         boolean showsStatus, String doing, String done) {
    /** Commands built into the bot: they take no server. */
    public static final String KEEP_UP = "keepup";
    public static final java.util.Set<String> BUILT_IN = java.util.Set.of("help", "list", KEEP_UP);
}
