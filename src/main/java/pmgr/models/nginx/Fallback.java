package pmgr.models.nginx;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one TCP port of a service goes while its backend does not answer: {@code listen=host:port},
 * e.g. a sleeping Minecraft server's wake listener ({@code 25565=10.0.0.5:25566}).
 */
record Fallback(int listen, String target) {
    private static final String PORT = "([1-9]\\d{0,4})";
    private static final String HOST = "((?:\\d{1,3}\\.){3}\\d{1,3}|[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\\.[A-Za-z0-9-]{1,63})*)";
    static final String PATTERN = PORT + "=" + HOST + ":" + PORT;
    static final String HINT = "listen=host:port, e.g. 25565=10.0.0.5:25566";
    private static final Pattern FORM = Pattern.compile(PATTERN);

    /** Checks it against the port map: the port must be one of its TCP listen ports. */
    static Fallback parse(String text, PortMap map, String field) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(field + " must be " + HINT + ", got '" + text + "'");
        }
        int listen = Integer.parseInt(m.group(1));
        int port = Integer.parseInt(m.group(3));
        if (listen > 65535 || port > 65535) {
            throw new IllegalArgumentException(field + ": ports are 1-65535, got '" + text + "'");
        }
        boolean mapped = map.mappings().stream().anyMatch(x -> x.listen() == listen && x.proto().equals("tcp"));
        if (!mapped) {
            throw new IllegalArgumentException(field + ": port " + listen + " is not a TCP listen port of the port map");
        }
        return new Fallback(listen, m.group(2) + ":" + port);
    }
}
