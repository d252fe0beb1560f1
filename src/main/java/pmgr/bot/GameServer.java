package pmgr.bot;

import java.util.Map;

/**
 * A game server people can name in a command: the definition of a game's model type with a literal
 * {@code serverName} (by convention also its VM's name).
 *
 * @param config the definition's literal settings (tmuxSession, serverDir, ...), for the command table's inputs
 * @param idle   its idle power-down policy (the definition's {@code idle} block), if it has one
 */
public record GameServer(String name, Game game, String definition, Map<String, Object> config,
                         java.util.Optional<pmgr.power.IdlePolicy> idle) {
}
