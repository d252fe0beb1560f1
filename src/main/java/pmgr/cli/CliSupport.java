package pmgr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import pmgr.common.Json;
import pmgr.config.Settings;
import pmgr.engine.Engine;

/** What every command needs: settings, a backend, output, and {@code k=v} parsing. */
abstract class CliSupport {
    @Spec
    CommandSpec spec;

    CommandSpec spec() {
        return spec;
    }

    PmgrCli root() {
        return (PmgrCli) spec().root().userObject();
    }

    Settings settings() {
        return root().settings();
    }

    Backend connect() {
        return Backend.connect(settings(), Backend.cliOrigin(), Engine.Options.defaults());
    }

    /** For commands that read or store data and run nothing: without a server, no workflow or method is loaded. */
    Backend connectRunningNothing() {
        return Backend.connect(settings(), Backend.cliOrigin(), Engine.Options.defaults().runningNothing());
    }

    /** For running one workflow: without a server, only it and what it reaches are loaded. */
    Backend connectFor(String workflow) {
        return Backend.connect(settings(), Backend.cliOrigin(), Engine.Options.defaults().onlyFor(workflow));
    }

    PrintWriter out() {
        return spec().commandLine().getOut();
    }

    void printJson(JsonNode node) {
        out().println(Json.pretty(node));
        out().flush();
    }

    /** {@code k=v} pairs (values are text; the workflow's or method's declared types convert them). */
    static Map<String, Object> pairs(List<String> pairs, String option) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (pairs == null) {
            return out;
        }
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(option + " must be key=value, got '" + p + "'");
            }
            out.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return out;
    }

    /** A table row with padded columns. */
    static String row(int[] widths, String... cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i] == null ? "" : cells[i];
            sb.append(i < widths.length && i < cells.length - 1 ? String.format("%-" + widths[i] + "s  ", c) : c);
        }
        return sb.toString().stripTrailing();
    }
}
