package pmgr.models.nginx;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stream proxy's files: nginx's main config, one stream config per service, and the compose
 * file that runs nginx:alpine with them. The includes are relative to nginx.conf's folder, so the
 * same files work in the container (mounted under /etc/nginx) and for an nginx run on the host.
 */
final class StreamFiles {
    static final String NGINX_CONF = "nginx.conf";
    static final String COMPOSE_FILE = "docker-compose.yml";
    static final String STREAM_DIR = "stream.d";

    /** A published port line, as compose files write them: {@code - '25565:25565'}, {@code - 7777:7777/udp}. */
    private static final Pattern PORT_LINE = Pattern.compile("^(\\s*)-\\s*['\"]?(\\d+):(\\d+)(?:/(tcp|udp))?['\"]?\\s*$");
    private static final Pattern EMPTY_PORTS = Pattern.compile("^(\\s*)ports:\\s*\\[\\s*]\\s*$");
    private static final Pattern PORTS_KEY = Pattern.compile("^(\\s*)ports:\\s*$");

    private StreamFiles() {
    }

    static String nginxConf() {
        return """
                # nginx stream proxy (written by pmgr nginx/stream init): one file per service in stream.d/
                worker_processes 1;
                events { worker_connections 1024; }
                stream { include stream.d/*.conf; }
                """;
    }

    /** The compose file init writes, with the ports already published (none on a new proxy). */
    static String compose(String containerName, List<String> published) {
        StringBuilder ports = new StringBuilder();
        if (published.isEmpty()) {
            ports.append("    ports: []\n");
        } else {
            ports.append("    ports:\n");
            published.forEach(p -> ports.append("      - '").append(p).append("'\n"));
        }
        return "services:\n"
                + "  nginx-proxy:\n"
                + "    image: nginx:alpine\n"
                + "    container_name: " + containerName + "\n"
                + ports
                + "    volumes:\n"
                + "      - ./" + NGINX_CONF + ":/etc/nginx/nginx.conf:ro\n"
                + "      - ./" + STREAM_DIR + ":/etc/nginx/" + STREAM_DIR + ":ro\n"
                + "    restart: unless-stopped\n";
    }

    /**
     * A service's stream config: one server block per mapping, to the backend's address. The port
     * with a fallback goes through an upstream whose backup is the fallback: nginx uses it while the
     * backend refuses, and tries the backend again {@value #RETRY_BACKEND} later.
     */
    static String serviceConf(String vmName, String targetIp, String listenAddress, PortMap map, Fallback fallback) {
        List<String> blocks = new ArrayList<>();
        for (PortMap.Mapping m : map.mappings()) {
            String listen = (listenAddress == null || listenAddress.isEmpty() ? "" : listenAddress + ":") + m.listen()
                    + (m.proto().equals("udp") ? " udp" : "");
            String backend = targetIp + ":" + m.backend();
            if (fallback != null && fallback.listen() == m.listen() && m.proto().equals("tcp")) {
                String upstream = (vmName + "_" + m.listen()).replaceAll("[^A-Za-z0-9_]", "_");
                blocks.add("upstream " + upstream + " {\n    server " + backend + " max_fails=1 fail_timeout=" + RETRY_BACKEND + ";\n"
                        + "    server " + fallback.target() + " backup;\n}\n");
                backend = upstream;
            }
            blocks.add("server {\n    listen " + listen + ";\n    proxy_pass " + backend + ";\n}\n");
        }
        return "# " + vmName + " (written by pmgr nginx/stream configure)\n" + String.join("\n", blocks);
    }

    /** How long nginx sends a port's players to its fallback after the backend refused one. */
    static final String RETRY_BACKEND = "3s";

    /** The ports a compose file publishes, as {@code <host port>/<proto>} keys. */
    static Set<String> publishedPorts(String compose) {
        Set<String> keys = new LinkedHashSet<>();
        for (String line : compose.split("\n", -1)) {
            Matcher m = PORT_LINE.matcher(line);
            if (m.matches()) {
                keys.add(m.group(2) + "/" + (m.group(4) == null ? "tcp" : m.group(4)));
            }
        }
        return keys;
    }

    /** The published port values ({@code 25565:25565}, {@code 7777:7777/udp}) of a compose file, in order. */
    static List<String> publishedValues(String compose) {
        List<String> values = new ArrayList<>();
        for (String line : compose.split("\n", -1)) {
            Matcher m = PORT_LINE.matcher(line);
            if (m.matches()) {
                values.add(m.group(2) + ":" + m.group(3) + (m.group(4) == null ? "" : "/" + m.group(4)));
            }
        }
        return values;
    }

    /**
     * The compose file with {@code added} published too: an empty {@code ports: []} becomes a list,
     * else the lines go after the last published port, else under a bare {@code ports:}. A file with
     * nowhere to put them is an error (the original wrote nothing and said nothing).
     */
    static String withPorts(String compose, List<String> added) {
        if (added.isEmpty()) {
            return compose;
        }
        List<String> lines = new ArrayList<>(List.of(compose.split("\n", -1)));
        for (int i = 0; i < lines.size(); i++) {
            Matcher empty = EMPTY_PORTS.matcher(lines.get(i));
            if (empty.matches()) {
                String indent = empty.group(1);
                lines.set(i, indent + "ports:");
                lines.addAll(i + 1, added.stream().map(p -> indent + "  - '" + p + "'").toList());
                return String.join("\n", lines);
            }
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher port = PORT_LINE.matcher(lines.get(i));
            if (port.matches()) {
                String indent = port.group(1);
                lines.addAll(i + 1, added.stream().map(p -> indent + "- '" + p + "'").toList());
                return String.join("\n", lines);
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            Matcher key = PORTS_KEY.matcher(lines.get(i));
            if (key.matches()) {
                String indent = key.group(1);
                lines.addAll(i + 1, added.stream().map(p -> indent + "  - '" + p + "'").toList());
                return String.join("\n", lines);
            }
        }
        throw new IllegalStateException(COMPOSE_FILE + " has no ports key to publish " + added + " under; add 'ports: []' to its service");
    }
}
