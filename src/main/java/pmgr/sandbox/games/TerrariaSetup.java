package pmgr.sandbox.games;

import java.util.List;

/**
 * A fake tModLoader server in a Docker Compose project on a host.
 *
 * @param composeDir    compose project directory relative to the host root (the manager's composePath is {@code ~/<composeDir>})
 * @param containerName the container's name (compose {@code container_name}, and the service name)
 * @param players       names connected from the start
 */
public record TerrariaSetup(String composeDir, String containerName, List<String> players) {

    public TerrariaSetup {
        HostPaths.requireRelative(composeDir, "composeDir");
        HostPaths.requirePlainName(containerName, "containerName");
        players = List.copyOf(players);
    }

    /** Nobody connected. */
    public static TerrariaSetup of(String composeDir, String containerName) {
        return new TerrariaSetup(composeDir, containerName, List.of());
    }

    public TerrariaSetup withPlayers(List<String> names) {
        return new TerrariaSetup(composeDir, containerName, names);
    }
}
