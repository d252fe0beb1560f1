package pmgr.models.games;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pmgr.common.Json;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.Ssh;

/**
 * Who may join a Minecraft server and what it runs, read on its VM while it is up, so that the wake
 * listener can answer for it while it sleeps: the names in {@code whitelist.json} and
 * {@code ops.json}, {@code white-list} and {@code max-players} from {@code server.properties}, and
 * the version from the log's "Starting minecraft server version" line (or, for a server that has
 * not run yet, a modpack's {@code variables.txt}). One SSH round trip.
 */
final class JoinRules {
    /** Bounds what is read of each file: lists of people, not data dumps. */
    private static final int MAX_FILE_BYTES = 256 * 1024;
    private static final Pattern VERSION = Pattern.compile("Starting minecraft server version (\\S{1,32})");
    private static final Pattern PLAYER = Pattern.compile(MinecraftServerModel.PLAYER);
    /** ServerStarter-style modpacks name their version here; the log says it once the server has run. */
    private static final Pattern PACK_VERSION = Pattern.compile("(?m)^MINECRAFT_VERSION=\"?([^\"\\s]{1,32})");
    private static final List<String> FILES = List.of("whitelist.json", "ops.json", "server.properties", "variables.txt");

    private JoinRules() {
    }

    static String command(String serverDir, String logPath) {
        StringBuilder sb = new StringBuilder("cd " + Shell.path(serverDir) + " || exit 1; for f in");
        FILES.forEach(f -> sb.append(' ').append(f));
        sb.append("; do printf '==> %s\\n' \"$f\"; [ -f \"$f\" ] && head -c ").append(MAX_FILE_BYTES)
                .append(" \"$f\"; printf '\\n'; done; printf '==> version\\n'; grep -m1 -o 'Starting minecraft server version [^ ]*' ")
                .append(Shell.path(logPath)).append(" 2>/dev/null; true");
        return sb.toString();
    }

    /** The resource data from what {@link #command} printed; {@code skipped} collects names that are no Minecraft names. */
    static Map<String, Object> parse(String output, List<String> skipped) {
        Map<String, String> sections = sections(output);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("whitelist", names(sections.get("whitelist.json"), skipped));
        d.put("ops", names(sections.get("ops.json"), skipped));
        Map<String, String> properties = properties(sections.getOrDefault("server.properties", ""));
        d.put("whitelistOn", Boolean.parseBoolean(properties.getOrDefault("white-list", "false")));
        String max = properties.get("max-players");
        d.put("maxPlayers", max != null && max.matches("\\d{1,6}") ? Long.valueOf(max) : null);
        Matcher m = VERSION.matcher(sections.getOrDefault("version", ""));
        Matcher pack = PACK_VERSION.matcher(sections.getOrDefault("variables.txt", ""));
        d.put("version", m.find() ? m.group(1) : pack.find() ? pack.group(1) : null);
        d.put("whitelistFound", sections.containsKey("whitelist.json") && !sections.get("whitelist.json").isBlank());
        return d;
    }

    private static Map<String, String> sections(String output) {
        Map<String, String> out = new LinkedHashMap<>();
        String current = null;
        StringBuilder text = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("==> ")) {
                if (current != null) {
                    out.put(current, text.toString());
                }
                current = line.substring(4).trim();
                text.setLength(0);
            } else if (current != null) {
                text.append(line).append('\n');
            }
        }
        if (current != null) {
            out.put(current, text.toString());
        }
        return out;
    }

    /** The {@code name}s of a whitelist.json / ops.json array; a file that is not such JSON gives none. */
    private static List<String> names(String json, List<String> skipped) {
        List<String> names = new ArrayList<>();
        if (json == null || json.isBlank()) {
            return names;
        }
        JsonNode array;
        try {
            array = Json.MAPPER.readTree(json);
        } catch (Exception e) {
            skipped.add("(unreadable JSON)");
            return names;
        }
        if (array == null || !array.isArray()) {
            return names;
        }
        for (JsonNode entry : array) {
            String name = entry.path("name").asText("");
            if (PLAYER.matcher(name).matches()) {
                if (!names.contains(name)) {
                    names.add(name);
                }
            } else {
                skipped.add(name.length() > 20 ? name.substring(0, 20) + "\u2026" : name);
            }
        }
        return names;
    }

    private static Map<String, String> properties(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return out;
    }

    static Map<String, Object> read(Ssh ssh, String serverDir, String logPath, List<String> skipped) {
        return parse(ssh.check(command(serverDir, logPath)).out(), skipped);
    }
}
