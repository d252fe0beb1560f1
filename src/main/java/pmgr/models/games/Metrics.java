package pmgr.models.games;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import pmgr.models.ssh.Shell;

/**
 * Player metrics on the game VM: a Prometheus text file for node_exporter's textfile collector (one
 * file per server, replaced atomically so a scrape never reads half a file) and one JSON line per
 * collection in the players log. Both are written on the VM by the script that asked the console
 * (one SSH round trip), from its structured answer ({@link ConsoleOutput}).
 */
public final class Metrics {
    /**
     * Both files from the structured answer after a {@code running=0|1} line: the .prom text to
     * {@code ENVIRON["PMGR_PROM"]} (a temporary file, renamed by the shell) and one JSON line appended
     * to {@code ENVIRON["PMGR_PLAYERS_LOG"]} (paths from the environment, which awk takes verbatim);
     * labels and time come in as awk variables. One awk for both keeps a collection's processes few.
     */
    static final String FILES = """
            function gauge(name, help, value) {
              printf("# HELP %s %s\\n# TYPE %s gauge\\n%s{game=\\"%s\\",server=\\"%s\\"} %s\\n", name, help, name, name, game, server, value) > prom
            }
            function json(s,   out, i, c) {
              out = ""
              for (i = 1; i <= length(s); i++) {
                c = substr(s, i, 1)
                if (c == "\\\\" || c == "\\"") out = out "\\\\" c
                else if (c >= " ") out = out c
              }
              return "\\"" out "\\""
            }
            BEGIN { prom = ENVIRON["PMGR_PROM"]; playersLog = ENVIRON["PMGR_PLAYERS_LOG"] }
            /^running=/ { running = substr($0, 9) }
            /^online=/ { online = substr($0, 8) }
            /^max=/ { max = substr($0, 5) }
            /^player=/ { players = players (players == "" ? "" : ",") json(substr($0, 8)) }
            END {
              gauge("game_server_running", "Whether the game server process is running", running + 0)
              gauge("game_players_online", "Current number of players online", online + 0)
              if (max != "") gauge("game_players_max", "Maximum player slots", max + 0)
              gauge("game_metrics_collected_at", "Unix timestamp of last successful collection", now)
              close(prom)
              printf("{\\"ts\\":%s,\\"game\\":%s,\\"server\\":%s,\\"running\\":%s,\\"online\\":%d,\\"max\\":%s,\\"players\\":[%s]}\\n",
                json(ts), json(game), json(server), running == 1 ? "true" : "false", online + 0, max == "" ? "null" : max + 0, players) >> playersLog
              close(playersLog)
            }
            """;

    private Metrics() {
    }

    /**
     * Shell that writes both files from {@code $running} (0 or 1) and {@code $parsed} (the structured
     * answer): the .prom file through a temporary file and a rename, the log line appended. It hands
     * awk its input as a here-document, so it must end the script (it ends with its own newline).
     */
    static String writing(String textfileDir, String playersLog, String game, String server, Instant now) {
        Shell.checkName(server, "serverName");
        Shell.checkName(game, "game");
        String file = textfileDir + "/game_" + game + "_" + server + ".prom";
        String logDir = playersLog.contains("/") ? playersLog.substring(0, playersLog.lastIndexOf('/')) : "";
        // names and times only: nothing here needs awk's escapes in -v values
        String vars = " -v game=" + game + " -v server=" + server + " -v now=" + now.getEpochSecond()
                + " -v ts=" + Shell.quote(now.toString()) + " ";
        String awk = "PMGR_PROM=" + Shell.path(Shell.temporaryFor(file)) + " PMGR_PLAYERS_LOG=" + Shell.path(playersLog) + " LC_ALL=C awk" + vars
                + Shell.quote(FILES);
        // the folders are made once; testing for them is a shell builtin, mkdir a process every collection
        List<String> folders = Stream.of(textfileDir, logDir).filter(d -> !d.isEmpty()).map(Shell::path).toList();
        String present = String.join(" && ", folders.stream().map(f -> "[ -d " + f + " ]").toList());
        return "{ " + present + " || mkdir -p " + String.join(" ", folders) + "; } && "
                + Shell.fedWith(awk, "running=$running\n$parsed", Shell.movingIntoPlace(file));
    }
}
