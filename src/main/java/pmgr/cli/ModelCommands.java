package pmgr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "model", description = "Model types, definitions (instances) and single method calls.",
        subcommands = {ModelCommands.Types.class, ModelCommands.ListCmd.class, ModelCommands.Get.class, ModelCommands.Method.class})
final class ModelCommands extends CommandGroup {

    @Command(name = "types", description = "The model types, their arguments and methods.")
    static final class Types extends CliSupport implements Callable<Integer> {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (Backend b = connectRunningNothing()) {
                JsonNode types = b.api.modelTypes();
                if (json) {
                    printJson(types);
                    return PmgrCli.OK;
                }
                for (JsonNode t : types) {
                    out().println(t.path("type").asText() + " " + t.path("version").asText() + ": " + t.path("description").asText());
                    for (JsonNode m : t.path("methods")) {
                        out().println("  " + m.path("name").asText() + ": " + m.path("description").asText());
                    }
                }
            }
            return PmgrCli.OK;
        }
    }

    @Command(name = "list", description = "The definitions (model instances).")
    static final class ListCmd extends CliSupport implements Callable<Integer> {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (Backend b = connectRunningNothing()) {
                JsonNode all = b.api.models();
                if (json) {
                    printJson(all);
                    return PmgrCli.OK;
                }
                int[] w = {24, 22};
                for (JsonNode d : all) {
                    out().println(row(w, d.path("name").asText(), d.path("type").asText(), d.path("description").asText()));
                }
            }
            return PmgrCli.OK;
        }
    }

    @Command(name = "get", description = "One definition as written (not its data: see `data`).")
    static final class Get extends CliSupport implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Backend b = connectRunningNothing()) {
                printJson(b.api.model(name));
            }
            return PmgrCli.OK;
        }
    }

    @Command(name = "method", description = "Run one model method.", subcommands = {MethodRun.class})
    static final class Method extends CommandGroup {
    }

    @Command(name = "run", description = "Run one method of an instance and follow it.")
    static final class MethodRun extends CliSupport implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "INSTANCE")
        String instance;
        @Parameters(index = "1", paramLabel = "METHOD")
        String method;
        @Option(names = {"-a", "--arg"}, paramLabel = "KEY=VALUE", description = "A method argument (repeatable).")
        List<String> args;
        @Option(names = "--json", description = "Print the finished run as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            var values = pairs(args, "--arg");
            try (Backend b = connect()) {
                String id = b.api.startMethod(instance, method, values, Backend.cliOrigin(), false).path("id").asText();
                return WorkflowCommands.follow(this, b, id, json);
            }
        }
    }
}
