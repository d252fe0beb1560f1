package pmgr.testing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pmgr.cli.PmgrCli;

/** Runs the real CLI in this JVM and captures what it prints. */
public final class Cli {
    public record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    public static Result run(Path home, String... args) {
        return run(home, Map.of(), args);
    }

    public static Result run(Path home, Map<String, String> overrides, String... args) {
        InputStream original = System.in;
        if (!(original instanceof ByteArrayInputStream)) {
            System.setIn(new ByteArrayInputStream(new byte[0])); // never wait on the real terminal
        }
        try {
            return execute(home, overrides, args);
        } finally {
            System.setIn(original);
        }
    }

    private static Result execute(Path home, Map<String, String> overrides, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        int code = PmgrCli.execute(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true), overrides);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs with the given text on standard input (e.g. a secret for vault put). */
    public static Result runWithStdin(Path home, String stdin, String... args) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return run(home, args);
        } finally {
            System.setIn(original);
        }
    }
}
