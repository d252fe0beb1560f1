package pmgr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pmgr.common.Json;

@Command(name = "workflow", description = "List, describe and run workflows.",
        subcommands = {WorkflowCommands.ListCmd.class, WorkflowCommands.Describe.class, WorkflowCommands.Run.class})
final class WorkflowCommands extends CommandGroup {

    @Command(name = "list", description = "List the workflows.")
    static final class ListCmd extends CliSupport implements Callable<Integer> {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (Backend b = connect()) {
                JsonNode all = b.api.workflows();
                if (json) {
                    printJson(all);
                } else {
                    int w = 8;
                    for (JsonNode wf : all) {
                        w = Math.max(w, wf.path("name").asText().length());
                    }
                    for (JsonNode wf : all) {
                        out().println(row(new int[] {w}, wf.path("name").asText(), wf.path("description").asText()));
                    }
                }
            }
            return PmgrCli.OK;
        }
    }

    @Command(name = "describe", description = "Show a workflow's inputs and steps.")
    static final class Describe extends CliSupport implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (Backend b = connect()) {
                JsonNode wf = b.api.workflow(name);
                if (json) {
                    printJson(wf);
                    return PmgrCli.OK;
                }
                out().println(wf.path("name").asText() + ": " + wf.path("description").asText());
                out().println("inputs:");
                if (wf.path("inputs").isEmpty()) {
                    out().println("  (none)");
                }
                for (JsonNode in : wf.path("inputs")) {
                    out().println("  " + in.path("name").asText() + " (" + in.path("type").asText()
                            + (in.path("required").asBoolean() ? ", required" : "")
                            + (in.path("default").isMissingNode() || in.path("default").isNull() ? "" : ", default " + in.path("default"))
                            + ") " + in.path("description").asText());
                }
                if (wf.path("lock").isTextual()) {
                    out().println("lock: " + wf.path("lock").asText());
                }
                out().println("steps:");
                for (JsonNode s : wf.path("steps")) {
                    out().println("  " + s.path("id").asText() + ": " + s.path("description").asText());
                }
            }
            return PmgrCli.OK;
        }
    }

    @Command(name = "run", description = "Run a workflow and follow it.")
    static final class Run extends CliSupport implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = {"-i", "--input"}, paramLabel = "KEY=VALUE", description = "An input (repeatable).")
        List<String> inputs;
        @Option(names = "--inputs-json", paramLabel = "JSON", description = "Inputs as one JSON object (merged under --input).")
        String inputsJson;
        @Option(names = "--json", description = "Print the finished run as JSON (no progress).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> values = new java.util.LinkedHashMap<>();
            if (inputsJson != null) {
                values.putAll(Json.readMap(inputsJson));
            }
            values.putAll(pairs(inputs, "--input"));
            try (Backend b = connectFor(name)) {
                String id = b.api.startWorkflow(name, values, Backend.cliOrigin(), false).path("id").asText();
                return follow(this, b, id, json);
            }
        }
    }

    /** Follows a started run to its end; exit code 0 if it succeeded, 1 if not. */
    static int follow(CliSupport cmd, Backend b, String id, boolean json) throws InterruptedException {
        RunPrinter printer = new RunPrinter(cmd.out());
        JsonNode run = printer.follow(b.api, id, json, Duration.ofHours(2));
        if (json) {
            cmd.printJson(run);
        } else {
            printer.outcome(run);
        }
        return "SUCCEEDED".equals(run.path("status").asText()) ? PmgrCli.OK : PmgrCli.RUN_FAILED;
    }
}
