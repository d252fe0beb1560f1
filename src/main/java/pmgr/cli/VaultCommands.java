package pmgr.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "vault", description = "Secrets, encrypted at rest. Values are never printed.",
        subcommands = {VaultCommands.Put.class, VaultCommands.ListCmd.class, VaultCommands.Remove.class})
final class VaultCommands extends CommandGroup {

    @Command(name = "put", description = "Store a secret. The value is read from the terminal (hidden) or standard input, never from the command line.")
    static final class Put extends CliSupport implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "VAULT")
        String vault;
        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Override
        public Integer call() throws IOException {
            pmgr.store.Vault.check(vault, key);
            String value = readSecret("value for " + vault + "/" + key + ": ");
            try (Backend b = connectRunningNothing()) {
                b.api.vaultPut(vault, key, value);
            }
            out().println("stored " + vault + "/" + key);
            return PmgrCli.OK;
        }

        private static String readSecret(String prompt) throws IOException {
            Console console = System.console();
            if (console != null) {
                char[] chars = console.readPassword(prompt);
                return chars == null ? "" : new String(chars);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("no secret value on standard input");
            }
            return line;
        }
    }

    @Command(name = "list", description = "Vaults and their keys (never values).")
    static final class ListCmd extends CliSupport implements Callable<Integer> {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (Backend b = connectRunningNothing()) {
                var all = b.api.vaultList();
                if (json) {
                    printJson(all);
                    return PmgrCli.OK;
                }
                for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e : (Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) all::fields) {
                    e.getValue().forEach(k -> out().println(e.getKey() + "/" + k.asText()));
                }
            }
            return PmgrCli.OK;
        }
    }

    @Command(name = "rm", description = "Remove a secret.")
    static final class Remove extends CliSupport implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "VAULT")
        String vault;
        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Override
        public Integer call() {
            try (Backend b = connectRunningNothing()) {
                b.api.vaultRemove(vault, key);
            }
            out().println("removed " + vault + "/" + key);
            return PmgrCli.OK;
        }
    }
}
