package pmgr.bot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.engine.Definition;
import pmgr.engine.Definitions;

/**
 * The game servers the bot knows, found once at start: for each game of the command table, the
 * definitions of its model type whose {@code serverName} is written out (a definition that computes
 * it from a run's inputs, like {@code minecraftGame}, serves any server and is not one itself).
 */
public final class GameServers {
    private static final Logger LOG = LoggerFactory.getLogger(GameServers.class);
    private final Map<String, GameServer> byName;

    private GameServers(Map<String, GameServer> byName) {
        this.byName = byName;
    }

    public static GameServers discover(CommandTable table, Definitions definitions) {
        Map<String, GameServer> found = new TreeMap<>();
        for (Game game : table.games()) {
            for (Definition d : definitions.all()) {
                if (!d.type().equals(game.modelType())) {
                    continue;
                }
                Object name = d.globalArguments().get("serverName");
                if (!(name instanceof String s) || s.isBlank() || s.contains("${{")) {
                    continue;
                }
                GameServer server = new GameServer(s, game, d.name(), d.literalArguments(),
                        pmgr.power.IdlePolicy.of(d.globalArguments().get("idle")));
                GameServer before = found.putIfAbsent(s.toLowerCase(java.util.Locale.ROOT), server);
                if (before != null) {
                    LOG.warn("bot: game server '{}' is defined by both {} and {}; using {}", s, before.definition(),
                            d.name(), before.definition());
                }
            }
        }
        List<String> shown = new ArrayList<>();
        found.values().forEach(g -> shown.add(g.name() + " (" + g.game().name() + ", " + g.definition() + ")"));
        LOG.info("bot: {} game server(s): {}", found.size(), shown.isEmpty() ? "none" : String.join(", ", shown));
        return new GameServers(found);
    }

    public Optional<GameServer> get(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    public List<GameServer> all() {
        return List.copyOf(byName.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Servers that take this command and whose name contains what was typed (autocomplete; at most 25). */
    public List<String> matching(String command, String typed) {
        String t = typed == null ? "" : typed.toLowerCase(java.util.Locale.ROOT).trim();
        return byName.values().stream().filter(s -> s.game().supports(command) || (BotCommand.KEEP_UP.equals(command)
                        && s.idle().isPresent())).map(GameServer::name)
                .sorted(java.util.Comparator.comparing((String n) -> !n.startsWith(t)).thenComparing(n -> n))
                .filter(n -> n.contains(t)).limit(25).toList();
    }
}
