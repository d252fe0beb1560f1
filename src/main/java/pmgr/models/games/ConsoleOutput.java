package pmgr.models.games;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads player lists out of what game consoles print. The reading runs on the game's VM, as an awk
 * program in the script that asked (so the same script can write the metrics files from it), and
 * prints a structured answer that {@link #read} turns into {@link PlayerData}:
 * <pre>
 * online=2
 * max=20        (empty when the game does not say)
 * player=alice  (one line per player, in the console's order)
 * </pre>
 * or {@code answer=none} when no answer is in the text. The programs use POSIX awk only (mawk,
 * gawk, busybox).
 */
public final class ConsoleOutput {
    /** Minecraft's answer to {@code list}: the first "There are N of a max of M players online: a, b" line. */
    static final String MINECRAFT_LIST = """
            match($0, /There are [0-9]+ of a max of [0-9]+ players online:/) {
              split(substr($0, RSTART, RLENGTH), w, " "); online = w[3]; max = w[8]
              names = substr($0, RSTART + RLENGTH); found = 1; exit
            }
            END {
              if (!found) { print "answer=none"; exit }
              print "online=" online; print "max=" max
              n = split(names, part, ",")
              for (i = 1; i <= n; i++) { p = part[i]; gsub(/^[ \\t\\r]+|[ \\t\\r]+$/, "", p); if (p != "") print "player=" p }
            }
            """;

    /**
     * tModLoader's answer to {@code playing}, read from the bottom of the pane (which still shows
     * earlier answers): the last count line, and the player lines ({@code : name (ip:port)}) just above it.
     */
    static final String TERRARIA_PLAYING = """
            { line[NR] = $0 }
            END {
              for (i = NR; i >= 1; i--) {
                if (line[i] ~ /:[ \\t]*No players connected\\./) online = 0
                else if (match(line[i], /[0-9]+[ \\t]+players?[ \\t]+connected\\./)) { c = substr(line[i], RSTART, RLENGTH); sub(/[^0-9].*/, "", c); online = c + 0 }
                else continue
                print "online=" online; print "max="
                n = 0
                for (j = i - 1; j >= 1 && n < online; j--) {
                  t = line[j]; gsub(/^[ \\t\\r]+|[ \\t\\r]+$/, "", t)
                  if (t !~ /^:[ \\t]*[^ \\t]+[ \\t]+\\(/) break
                  sub(/^:[ \\t]*/, "", t); sub(/[ \\t].*/, "", t); name[++n] = t
                }
                for (k = n; k >= 1; k--) print "player=" name[k]
                exit
              }
              print "answer=none"
            }
            """;

    private ConsoleOutput() {
    }

    /** The players in a structured answer; empty when it says there was no answer. */
    public static Optional<PlayerData> read(String structured) {
        Long online = null;
        Long max = null;
        List<String> players = new ArrayList<>();
        for (String line : structured.split("\n")) {
            if (line.startsWith("online=")) {
                online = number(line.substring(7));
            } else if (line.startsWith("max=")) {
                max = number(line.substring(4));
            } else if (line.startsWith("player=")) {
                players.add(line.substring(7));
            }
        }
        return online == null ? Optional.empty() : Optional.of(new PlayerData(true, online, max, List.copyOf(players)));
    }

    private static Long number(String text) {
        return text.matches("\\d{1,18}") ? Long.valueOf(text) : null;
    }
}
