package pmgr.models.docker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pmgr.models.ssh.Shell;

/**
 * The parts of a {@code docker run}, each checked against its rule - the error names the argument,
 * the item and the rule - and then turned into words one by one with {@link Shell}: nothing of a
 * part is ever re-read by the remote shell, and a part that breaks its rule is refused, never cleaned up.
 */
final class RunParts {
    static final String IMAGE = "[a-z0-9][a-z0-9._/-]{0,127}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?";
    static final String IMAGE_HINT = "an image name of lower-case letters, digits and . _ / - (at most 128), with an optional :tag";
    static final String RESTART = "no|always|unless-stopped|on-failure(:[0-9]{1,3})?";
    static final String RESTART_HINT = "no, always, unless-stopped or on-failure[:N]";

    private static final Pattern PORT = Pattern.compile("(?:((?:\\d{1,3}\\.){3}\\d{1,3}):)?(\\d{1,5})(?::(\\d{1,5}))?(/(?:tcp|udp))?");
    private static final String PORT_HINT = "[ip:]hostPort[:containerPort][/tcp|udp] with ports 1-65535";
    private static final Pattern VOLUME_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final String VOLUME_HINT = "hostPath:containerPath[:ro|:rw] - the host side an absolute or ~/ path or a volume name, "
            + "the container side an absolute path, both of letters, digits and _ . / @ + - without '..'";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private RunParts() {
    }

    /** Published ports, as given. */
    static List<String> ports(List<String> ports) {
        List<String> out = new ArrayList<>();
        each("ports", ports, (item, where) -> {
            Matcher m = PORT.matcher(item);
            if (!m.matches()) {
                throw refused(where, item, PORT_HINT);
            }
            if (m.group(1) != null) {
                for (String octet : m.group(1).split("\\.")) {
                    if (Integer.parseInt(octet) > 255) {
                        throw refused(where, item, PORT_HINT + " (an IPv4 address)");
                    }
                }
            }
            for (String port : new String[] {m.group(2), m.group(3)}) {
                if (port != null && (Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
                    throw refused(where, item, PORT_HINT);
                }
            }
            out.add(item);
        });
        return out;
    }

    /** Volumes as {@code -v} words: a {@code ~/} host path keeps the login's home working. */
    static List<String> volumeWords(List<String> volumes) {
        List<String> out = new ArrayList<>();
        each("volumes", volumes, (item, where) -> {
            String[] parts = item.split(":", -1);
            if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].matches("ro|rw"))) {
                throw refused(where, item, VOLUME_HINT);
            }
            String host = parts[0];
            String container = parts[1];
            boolean hostPath = host.startsWith("/") || host.startsWith("~/");
            if (!(hostPath ? safePath(host) : VOLUME_NAME.matcher(host).matches()) || !container.startsWith("/") || !safePath(container)) {
                throw refused(where, item, VOLUME_HINT);
            }
            String rest = ":" + container + (parts.length == 3 ? ":" + parts[2] : "");
            out.add(host.startsWith("~/") ? "\"$HOME\"/" + Shell.quote(host.substring(2) + rest) : Shell.quote(host + rest));
        });
        return out;
    }

    private static boolean safePath(String path) {
        if (path.contains("..")) {
            return false;
        }
        try {
            Shell.checkPath(path, "path");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The env file's lines ({@code NAME=value}): names by the rule, values on one line. */
    static String envFile(Map<String, ?> env) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> ordered = new LinkedHashMap<>(env);
        ordered.forEach((name, raw) -> {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("argument 'env': the name '" + name
                        + "' must be letters, digits and '_' (not starting with a digit, at most 128)");
            }
            String value = raw == null ? "" : String.valueOf(raw);
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("argument 'env': the value of " + name + " must be one line");
            }
            out.append(name).append('=').append(value).append('\n');
        });
        return out.toString();
    }

    /** The command after the image: each item one word, whatever it holds (the container gets it as is). */
    static List<String> commandWords(List<String> command) {
        List<String> out = new ArrayList<>();
        each("command", command, (item, where) -> {
            if (item.indexOf('\0') >= 0 || item.length() > 4096) {
                throw refused(where, "...", "text without NUL characters, at most 4096");
            }
            out.add(Shell.quote(item));
        });
        return out;
    }

    @FunctionalInterface
    private interface Check {
        void item(String item, String where);
    }

    private static void each(String argument, List<String> items, Check check) {
        if (items == null) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String where = "argument '" + argument + "' item " + (i + 1);
            if (!(item instanceof String text)) {
                throw new IllegalArgumentException(where + " must be text, got " + item);
            }
            check.item(text, where);
        }
    }

    private static IllegalArgumentException refused(String where, String item, String rule) {
        return new IllegalArgumentException(where + " must be " + rule + ", got '" + item + "'");
    }
}
