package pmgr.models.nginx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's port map, {@code listen[:backend][/tcp|udp],...} (e.g. {@code 25565:25565,7777:7777/udp}):
 * what the proxy listens on and where on the backend it sends it. Read strictly - a bad entry is
 * refused with what is wrong with it, never guessed at.
 */
public record PortMap(List<Mapping> mappings) {
    /** The syntax (the argument's pattern); the numbers and duplicates are checked by {@link #parse}. */
    /** 1-65535 without leading zeros. */
    private static final String PORT = "([1-9]\\d{0,3}|[1-5]\\d{4}|6[0-4]\\d{3}|65[0-4]\\d{2}|655[0-2]\\d|6553[0-5])";
    private static final String ONE = PORT + "(:" + PORT + ")?(/(tcp|udp))?";
    public static final String PATTERN = ONE + "( *, *" + ONE + "){0,63}";
    public static final String HINT = "listen[:backend][/tcp|udp] entries (ports 1-65535) separated by commas, e.g. 25565:25565,7777:7777/udp (at most 64)";
    private static final Pattern ENTRY = Pattern.compile("(\\d{1,5})(?::(\\d{1,5}))?(?:/(tcp|udp))?");

    /** One port: the proxy's listen port, the backend's port and the protocol. */
    public record Mapping(int listen, int backend, String proto) {
        /** {@code 25565:25565/tcp}, as the resource records it. */
        public String text() {
            return listen + ":" + backend + "/" + proto;
        }

        /** The compose port line's value: published on the same port inside the container. */
        public String published() {
            return listen + ":" + listen + (proto.equals("udp") ? "/udp" : "");
        }

        /** The compose ports' key, {@code <host port>/<proto>}. */
        public String key() {
            return listen + "/" + proto;
        }
    }

    /** Parses {@code text}; {@code field} names the argument in errors. */
    public static PortMap parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + " is required: " + HINT);
        }
        String[] entries = text.trim().split(",", -1);
        if (entries.length > 64) {
            throw new IllegalArgumentException(field + " has " + entries.length + " entries; at most 64");
        }
        List<Mapping> mappings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new IllegalArgumentException(field + " entry " + (i + 1) + " '" + entry + "' must be " + "listen[:backend][/tcp|udp], e.g. 25565:25565 or 7777:7777/udp");
            }
            int listen = port(m.group(1), field, i, entry);
            int backend = m.group(2) == null ? listen : port(m.group(2), field, i, entry);
            Mapping mapping = new Mapping(listen, backend, m.group(3) == null ? "tcp" : m.group(3));
            if (!seen.add(mapping.key())) {
                throw new IllegalArgumentException(field + " entry " + (i + 1) + " '" + entry + "' listens on " + mapping.key()
                        + " again: each listen port and protocol once");
            }
            mappings.add(mapping);
        }
        return new PortMap(List.copyOf(mappings));
    }

    private static int port(String digits, String field, int index, String entry) {
        int port = Integer.parseInt(digits);
        if (port < 1 || digits.startsWith("0") || port > 65535) {
            throw new IllegalArgumentException(field + " entry " + (index + 1) + " '" + entry + "': port " + digits + " is not 1-65535"
                    + (digits.startsWith("0") && port > 0 ? " without leading zeros" : ""));
        }
        return port;
    }
}
