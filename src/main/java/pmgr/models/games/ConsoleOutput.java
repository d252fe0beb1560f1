package pmgr.models.games;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads player lists out of what game consoles print. */
public final class ConsoleOutput {
    private static final Pattern MINECRAFT_LIST = Pattern.compile("There are (\\d+) of a max of (\\d+) players online:(.*)");
    private static final Pattern TERRARIA_NONE = Pattern.compile(":\\s*No players connected\\.");
    private static final Pattern TERRARIA_COUNT = Pattern.compile("(\\d+)\\s+players?\\s+connected\\.");
    private static final Pattern TERRARIA_PLAYER = Pattern.compile("^:\\s*(\\S+)\\s+\\(");

    private ConsoleOutput() {
    }

    /** Minecraft's answer to {@code list}: online, max and names; empty if the text has no such line. */
    public static Optional<PlayerData> minecraftList(String text) {
        Matcher m = MINECRAFT_LIST.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        List<String> players = Arrays.stream(m.group(3).trim().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return Optional.of(new PlayerData(true, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), players));
    }

    /**
     * tModLoader's answer to {@code playing}, read from the bottom of the pane: the last count line,
     * and the player lines ({@code : name (ip:port)}) just above it.
     */
    public static Optional<PlayerData> terrariaPlaying(String pane) {
        String[] lines = pane.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            long online;
            if (TERRARIA_NONE.matcher(lines[i]).find()) {
                online = 0;
            } else {
                Matcher c = TERRARIA_COUNT.matcher(lines[i]);
                if (!c.find()) {
                    continue;
                }
                online = Long.parseLong(c.group(1));
            }
            List<String> players = new ArrayList<>();
            for (int j = i - 1; j >= 0 && players.size() < online; j--) {
                Matcher p = TERRARIA_PLAYER.matcher(lines[j].trim());
                if (!p.find()) {
                    break;
                }
                players.add(0, p.group(1));
            }
            return Optional.of(new PlayerData(true, online, null, players));
        }
        return Optional.empty();
    }
}
