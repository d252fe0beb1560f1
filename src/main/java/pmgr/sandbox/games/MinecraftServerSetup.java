package pmgr.sandbox.games;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A fake Minecraft server to install on a host.
 *
 * @param dir         server directory relative to the host root (the manager's serverDir is {@code ~/<dir>})
 * @param startScript file name of the start script in that directory
 * @param players     names online from the start
 * @param maxPlayers  the "max" in the {@code list} answer (server.properties max-players)
 * @param bootDelay   time from start until the {@code Done (} line
 * @param stopDelay   time from {@code stop} until the process exits
 * @param whitelist   names in whitelist.json (server.properties says white-list=true when there are any)
 * @param ops         names in ops.json (the console's op and deop change it)
 */
public record MinecraftServerSetup(String dir, String startScript, List<String> players, int maxPlayers,
                                   Duration bootDelay, Duration stopDelay, List<String> whitelist, List<String> ops) {

    public MinecraftServerSetup {
        HostPaths.requireRelative(dir, "dir");
        HostPaths.requirePlainName(startScript, "startScript");
        players = List.copyOf(players);
        whitelist = List.copyOf(whitelist);
        ops = List.copyOf(ops);
        if (maxPlayers < 0) {
            throw new IllegalArgumentException("maxPlayers must not be negative");
        }
        requireNonNegative(bootDelay, "bootDelay");
        requireNonNegative(stopDelay, "stopDelay");
    }

    /** {@code startserver.sh}, nobody online, 20 slots, 3 s boot, 1 s stop. */
    public static MinecraftServerSetup of(String dir) {
        return new MinecraftServerSetup(dir, "startserver.sh", List.of(), 20, Duration.ofSeconds(3), Duration.ofSeconds(1),
                List.of(), List.of());
    }

    public MinecraftServerSetup withStartScript(String name) {
        return new MinecraftServerSetup(dir, name, players, maxPlayers, bootDelay, stopDelay, whitelist, ops);
    }

    public MinecraftServerSetup withPlayers(List<String> names) {
        return new MinecraftServerSetup(dir, startScript, names, maxPlayers, bootDelay, stopDelay, whitelist, ops);
    }

    public MinecraftServerSetup withMaxPlayers(int max) {
        return new MinecraftServerSetup(dir, startScript, players, max, bootDelay, stopDelay, whitelist, ops);
    }

    public MinecraftServerSetup withBootDelay(Duration delay) {
        return new MinecraftServerSetup(dir, startScript, players, maxPlayers, delay, stopDelay, whitelist, ops);
    }

    public MinecraftServerSetup withStopDelay(Duration delay) {
        return new MinecraftServerSetup(dir, startScript, players, maxPlayers, bootDelay, delay, whitelist, ops);
    }

    public MinecraftServerSetup withWhitelist(List<String> names) {
        return new MinecraftServerSetup(dir, startScript, players, maxPlayers, bootDelay, stopDelay, names, ops);
    }

    public MinecraftServerSetup withOps(List<String> names) {
        return new MinecraftServerSetup(dir, startScript, players, maxPlayers, bootDelay, stopDelay, whitelist, names);
    }

    private static void requireNonNegative(Duration value, String what) {
        if (Objects.requireNonNull(value, what).isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative");
        }
    }
}
