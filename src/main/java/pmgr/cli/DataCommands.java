package pmgr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pmgr.common.Json;

@Command(name = "data", description = "Resource data written by methods: latest versions and history.",
        subcommands = {DataCommands.ListCmd.class, DataCommands.Get.class, DataCommands.Versions.class})
final class DataCommands extends CommandGroup {

    /** NAME may be written spec/name. */
    static String[] split(String name) {
        int slash = name.indexOf('/');
        return slash > 0 ? new String[] {name.substring(0, slash), name.substring(slash + 1)} : new String[] {null, name};
    }

    @Command(name = "list", description = "The latest version of every resource of an instance.")
    static final class ListCmd extends CliSupport implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "INSTANCE")
        String instance;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (Backend b = connectRunningNothing()) {
                JsonNode all = b.api.dataList(instance);
                if (json) {
                    printJson(all);
                    return PmgrCli.OK;
                }
                int[] w = {28, 8, 26};
                out().println(row(w, "NAME", "VERSION", "WRITTEN", "BY"));
                for (JsonNode d : all) {
                    out().println(row(w, d.path("spec").asText() + "/" + d.path("name").asText(), "v" + d.path("version").asText(),
                            d.path("createdAt").asText(), d.path("method").asText()));
                }
            }
            return PmgrCli.OK;
        }
    }

    @Command(name = "get", description = "One resource (latest, or --version N) with its attributes.")
    static final class Get extends CliSupport implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "INSTANCE")
        String instance;
        @Parameters(index = "1", paramLabel = "NAME", description = "name or spec/name")
        String name;
        @Option(names = "--version", description = "A specific version.")
        Integer version;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            String[] sn = split(name);
            try (Backend b = connectRunningNothing()) {
                JsonNode d = b.api.dataGet(instance, sn[0], sn[1], version);
                if (json) {
                    printJson(d);
                } else {
                    out().println(d.path("spec").asText() + "/" + d.path("name").asText() + " v" + d.path("version").asText()
                            + " written " + d.path("createdAt").asText() + " by " + d.path("method").asText()
                            + (d.path("runId").isTextual() ? " in run " + d.path("runId").asText() : ""));
                    out().println(Json.pretty(d.path("attributes")));
                }
            }
            return PmgrCli.OK;
        }
    }

    @Command(name = "versions", description = "Every version of a resource, oldest first.")
    static final class Versions extends CliSupport implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "INSTANCE")
        String instance;
        @Parameters(index = "1", paramLabel = "NAME", description = "name or spec/name")
        String name;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            String[] sn = split(name);
            try (Backend b = connectRunningNothing()) {
                JsonNode d = b.api.dataVersions(instance, sn[0], sn[1]);
                if (json) {
                    printJson(d);
                    return PmgrCli.OK;
                }
                int[] w = {8, 26, 16, 20};
                out().println(row(w, "VERSION", "WRITTEN", "METHOD", "STEP", "RUN"));
                for (JsonNode v : d.path("versions")) {
                    out().println(row(w, "v" + v.path("version").asText(), v.path("createdAt").asText(), v.path("method").asText(),
                            v.path("step").asText(""), v.path("runId").asText("")));
                }
            }
            return PmgrCli.OK;
        }
    }
}
