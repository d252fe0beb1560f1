package pmgr.bot;

import java.util.List;

/**
 * A kind of game server the bot knows, from a {@code - game:} item in {@code bot/}: the model type of
 * its definitions, the commands it takes, and the route that says what each command runs.
 */
public record Game(String name, String modelType, List<String> commands) {
    public String endpoint() {
        return "direct:" + routeId();
    }

    public String routeId() {
        return "bot." + name;
    }

    public boolean supports(String command) {
        return commands.contains(command);
    }
}
