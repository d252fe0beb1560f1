package pmgr.models.ssh;

import java.util.regex.Pattern;

/**
 * The one place that turns values into remote command-line words. Every value goes through
 * {@link #quote} (or {@link #path}, which keeps a leading {@code ~} working); the checks here are
 * for names and paths coming from inputs, which are refused - never cleaned up and sent.
 */
public final class Shell {
    /** tmux session, container and similar names. */
    public static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";
    public static final String NAME_HINT = "letters, digits, '_', '.' or '-' (at most 64, starting with a letter or digit)";
    /** Paths: absolute, relative or under ~, without quotes, spaces, control characters or shell syntax. */
    public static final String PATH = "(~|~/[A-Za-z0-9_./@+-]*|[A-Za-z0-9_./@+-]+)";
    public static final String PATH_HINT = "a path of letters, digits and _ . / @ + - (may start with ~/)";

    private static final Pattern NAME_PATTERN = Pattern.compile(NAME);
    private static final Pattern PATH_PATTERN = Pattern.compile(PATH);

    private Shell() {
    }

    /** A single-quoted word: the remote shell sees exactly this text, whatever it holds. */
    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a value for a remote command contains a NUL character");
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** A path word: {@code ~/x} becomes {@code "$HOME"/'x'} so the home directory still expands. */
    public static String path(String path) {
        checkPath(path, "path");
        if (path.equals("~")) {
            return "\"$HOME\"";
        }
        if (path.startsWith("~/")) {
            return "\"$HOME\"/" + quote(path.substring(2));
        }
        return quote(path);
    }

    /**
     * Shell that replaces the file at {@code path} with what {@code command} prints, through
     * {@code <path>.tmp} and a rename: a reader (node exporter, Prometheus' file_sd, a service)
     * never sees half a file, and the temporary name matches none of their patterns.
     */
    public static String replaceFile(String command, String path) {
        String temp = path(path + ".tmp");
        return "{ " + command + "; } > " + temp + " && mv -f " + temp + " " + path(path);
    }

    public static String checkName(String value, String what) {
        if (value == null || !NAME_PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be " + NAME_HINT + ", got '" + value + "'");
        }
        return value;
    }

    public static String checkPath(String value, String what) {
        if (value == null || !PATH_PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be " + PATH_HINT + ", got '" + value + "'");
        }
        return value;
    }
}
