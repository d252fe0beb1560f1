package pmgr.models.games;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import pmgr.common.Json;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.Ssh;

/**
 * Player metrics on the game VM: a Prometheus text file for node_exporter's textfile collector (one
 * file per server, replaced atomically so a scrape never reads half a file) and one JSON line per
 * collection in the players log.
 */
public final class Metrics {
    private Metrics() {
    }

    /** Prometheus text exposition (label values escaped: backslash, double quote, newline). */
    public static String prometheus(String game, String server, PlayerData d, Instant now) {
        String labels = "game=\"" + escape(game) + "\",server=\"" + escape(server) + "\"";
        StringBuilder sb = new StringBuilder();
        gauge(sb, "game_server_running", "Whether the game server process is running", labels, d.serverRunning() ? "1" : "0");
        gauge(sb, "game_players_online", "Current number of players online", labels, Long.toString(d.online()));
        if (d.max() != null) {
            gauge(sb, "game_players_max", "Maximum player slots", labels, Long.toString(d.max()));
        }
        gauge(sb, "game_metrics_collected_at", "Unix timestamp of last successful collection", labels,
                Long.toString(now.getEpochSecond()));
        return sb.toString();
    }

    private static void gauge(StringBuilder sb, String name, String help, String labels, String value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
        sb.append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }

    static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** One line of JSON: ts, game, server, running, online, max, players. */
    public static String logLine(String game, String server, PlayerData d, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", now.toString());
        m.put("game", game);
        m.put("server", server);
        m.put("running", d.serverRunning());
        m.put("online", d.online());
        m.put("max", d.max());
        m.put("players", d.players());
        return Json.write(m);
    }

    /**
     * Writes both files on the host in one command: the .prom file through a temporary file and a
     * rename (the node exporter never reads half a file), the log line appended.
     */
    public static void write(Ssh ssh, String textfileDir, String playersLog, String game, String server, PlayerData d) {
        Shell.checkName(server, "serverName");
        Instant now = Instant.now();
        String file = textfileDir + "/game_" + game + "_" + server + ".prom";
        String logDir = playersLog.contains("/") ? playersLog.substring(0, playersLog.lastIndexOf('/')) : "";
        ssh.check("mkdir -p " + Shell.path(textfileDir)
                + " && " + Shell.replaceFile("printf '%s' " + Shell.quote(prometheus(game, server, d, now)), file)
                + (logDir.isEmpty() ? "" : " && mkdir -p " + Shell.path(logDir))
                + " && printf '%s\\n' " + Shell.quote(logLine(game, server, d, now)) + " >> " + Shell.path(playersLog));
    }
}
