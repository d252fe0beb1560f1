package pmgr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Past and current runs.",
        subcommands = {RunCommands.ListCmd.class, RunCommands.Get.class})
final class RunCommands extends CommandGroup {

    @Command(name = "list", description = "The newest runs first.")
    static final class ListCmd extends CliSupport implements Callable<Integer> {
        @Option(names = "--limit", defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).")
        int limit;
        @Option(names = "--target", description = "Only runs of this workflow (or instance.method).")
        String target;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (Backend b = connectRunningNothing()) {
                JsonNode runs = b.api.runs(limit, target);
                if (json) {
                    printJson(runs);
                    return PmgrCli.OK;
                }
                int[] w = {36, 11, 24, 24};
                out().println(row(w, "ID", "STATUS", "STARTED", "TARGET", "ORIGIN"));
                for (JsonNode r : runs) {
                    out().println(row(w, r.path("id").asText(), r.path("status").asText(), r.path("startedAt").asText(),
                            r.path("target").asText(), r.path("origin").asText()));
                }
            }
            return PmgrCli.OK;
        }
    }

    @Command(name = "get", description = "One run with its steps and log.")
    static final class Get extends CliSupport implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (Backend b = connectRunningNothing()) {
                JsonNode run = b.api.run(id);
                if (json) {
                    printJson(run);
                } else {
                    out().println(run.path("target").asText() + " started " + run.path("startedAt").asText() + " by "
                            + run.path("origin").asText() + ", inputs " + run.path("inputs"));
                    RunPrinter p = new RunPrinter(out());
                    p.print(run);
                    p.outcome(run);
                }
            }
            return PmgrCli.OK;
        }
    }
}
