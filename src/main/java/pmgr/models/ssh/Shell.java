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
        return "{ " + command + "; } > " + path(temporaryFor(path)) + " && " + movingIntoPlace(path);
    }

    /** The file {@link #replaceFile} writes before the rename, for a command that writes it itself. */
    public static String temporaryFor(String path) {
        return path + ".tmp";
    }

    /** Shell that renames {@link #temporaryFor}'s file to {@code path}, replacing what was there. */
    public static String movingIntoPlace(String path) {
        return "mv -f " + path(temporaryFor(path)) + " " + path(path);
    }

    /**
     * Shell that runs {@code command} with {@code lines} on its standard input (a here-document, so no
     * process is started to print them), then {@code andThen} if it succeeded. {@code lines} is ours,
     * never outside text: only {@code $name} expansions in it are meant, e.g. {@code "$parsed"}; what
     * they expand to is taken as it is. It ends the script's line: nothing may follow it there.
     */
    public static String fedWith(String command, String lines, String andThen) {
        String end = "PMGR_INPUT_END";
        if (lines.lines().anyMatch(end::equals) || lines.contains("`") || lines.contains("\\")) {
            throw new IllegalArgumentException("here-document lines must hold no backquote, backslash or '" + end + "' line");
        }
        return command + " <<" + end + (andThen.isEmpty() ? "" : " && " + andThen) + "\n" + lines + "\n" + end + "\n";
    }

    /**
     * The gaps of a bounded wait on a host, as words for {@code for gap in ...; do ...; sleep $gap; done},
     * summing to {@code total}: as {@link pmgr.common.Poll}'s, each is a quarter of the time waited so
     * far and at least {@code first}. So a wait ends within about a quarter of its work's own time after
     * the work (doubling gaps could overshoot by all of it), and a long wait does not keep a busy host busier.
     */
    public static String backoffGaps(java.time.Duration first, java.time.Duration total) {
        StringBuilder gaps = new StringBuilder();
        long least = Math.max(1, first.toMillis());
        for (long waited = 0; waited < total.toMillis(); ) {
            long gap = Math.min(Math.max(least, waited / 4), total.toMillis() - waited);
            gaps.append(gaps.length() == 0 ? "" : " ").append(gap / 1000.0);
            waited += gap;
        }
        return gaps.toString();
    }

    /**
     * Shell that waits until {@code check} (a command) succeeds, looking again at {@link #backoffGaps}
     * gaps; when it never does, prints {@code giveUp} and ends the script with exit 1.
     */
    public static String awaitOrFail(String check, java.time.Duration first, java.time.Duration total, String giveUp) {
        return "waited=no; for gap in " + backoffGaps(first, total) + "; do if " + check + "; then waited=yes; break; fi; "
                + "sleep $gap; done; [ $waited = yes ] || " + check + " || { echo " + quote(giveUp) + "; exit 1; }";
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
