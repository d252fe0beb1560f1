package pmgr.sandbox.games;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/** Checks on names that become paths under a host root, so a setup can never write outside it. */
final class HostPaths {
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private HostPaths() {
    }

    static void requireRelative(String path, String what) {
        Objects.requireNonNull(path, what);
        Path parsed = Path.of(path).normalize();
        if (path.isBlank() || parsed.isAbsolute() || parsed.startsWith("..") || parsed.toString().isEmpty()) {
            throw new IllegalArgumentException(what + " must be a relative path inside the host root: " + path);
        }
    }

    static void requirePlainName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (!PLAIN_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a plain file name: " + name);
        }
    }

    /** Player names end up one per line in a file the consoles read. */
    static void requirePlayerNames(Iterable<String> names) {
        for (String name : names) {
            if (name == null || name.isBlank() || name.contains("\n") || name.contains("\r")) {
                throw new IllegalArgumentException("bad player name: " + name);
            }
        }
    }
}
