package pmgr.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pmgr.api.ApiException;
import pmgr.config.Settings;
import pmgr.engine.ArgumentException;
import pmgr.engine.DataDirLock;
import pmgr.engine.StartupException;

/**
 * {@code pmgr}: the one executable. Exit codes: 0 success, 1 the run failed, 2 bad usage or input.
 */
@Command(name = "pmgr", mixinStandardHelpOptions = true, version = "pmgr 0.1.0", scope = CommandLine.ScopeType.INHERIT,
        description = "Runs a Proxmox VE home lab and its game servers as workflows, with an audit trail.")
public final class PmgrCli {
    /** The commands, in the order help lists them. */
    private static final java.util.List<Class<?>> COMMANDS = java.util.List.of(ServeCommand.class, WorkflowCommands.class,
            RunCommands.class, ModelCommands.class, DataCommands.class, VaultCommands.class, BenchCommand.class,
            ChatCommand.class, InitCommand.class, ClassArchiveTraining.class);

    public static final int OK = 0;
    public static final int RUN_FAILED = 1;
    public static final int BAD_INPUT = 2;

    @Option(names = "--home", description = "Application home (definitions/, routes/, data/). Default: $PMGR_HOME or the working directory.")
    Path home;

    /** Settings overrides for tests (never from the command line). */
    Map<String, String> overrides = Map.of();

    Settings settings() {
        return Settings.load(home == null ? Settings.defaultHome() : home.toAbsolutePath().normalize(), overrides);
    }

    public static void main(String[] args) {
        // before any logger exists: the CLI keeps the console quiet, serve reports what it does
        System.setProperty("pmgr.log.level", Arrays.asList(args).contains("serve") ? "INFO" : "WARN");
        startLogging();
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), Map.of()));
    }

    /**
     * Log4j reads its configuration when the first logger is asked for, a few hundred milliseconds of
     * a short command; that happens on another core while the command line is parsed and the settings
     * are read (a logger asked for meanwhile waits for it).
     */
    private static void startLogging() {
        Thread t = new Thread(() -> org.slf4j.LoggerFactory.getLogger(PmgrCli.class), "pmgr-logging-start");
        t.setDaemon(true);
        t.start();
    }

    /** Runs the command line with the given output streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> overrides) {
        PmgrCli root = new PmgrCli();
        root.overrides = overrides;
        CommandLine cli = new CommandLine(root);
        for (Class<?> command : commandsFor(args)) {
            cli.addSubcommand(command);
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            PrintWriter w = commandLine.getErr();
            w.println("error: " + message(e));
            problems(e).forEach(p -> w.println("  - " + p));
            w.flush();
            return badInput(e) ? BAD_INPUT : RUN_FAILED;
        });
        return cli.execute(args);
    }

    /**
     * Only the command being run: picocli reads every registered command's annotations up front,
     * which is a third of a short command's time. Help and mistakes see them all.
     */
    static java.util.List<Class<?>> commandsFor(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--home")) {
                i++;
            } else if (!arg.startsWith("-")) {
                for (Class<?> command : COMMANDS) {
                    if (command.getAnnotation(Command.class).name().equals(arg)) {
                        return java.util.List.of(command);
                    }
                }
                return COMMANDS;
            }
        }
        return COMMANDS;
    }

    private static String message(Exception e) {
        if (e instanceof StartupException s) {
            return s.getMessage().lines().findFirst().orElse("");
        }
        if (e instanceof ArgumentException a && !a.problems().isEmpty()) {
            return a.getMessage().substring(0, a.getMessage().indexOf(':'));
        }
        if (e instanceof ApiException a && !a.problems().isEmpty()) {
            int colon = a.getMessage().indexOf(':');
            return colon > 0 ? a.getMessage().substring(0, colon) : a.getMessage();
        }
        return pmgr.engine.Errors.describe(e);
    }

    private static java.util.List<String> problems(Exception e) {
        if (e instanceof StartupException s) {
            return s.problems();
        }
        if (e instanceof ArgumentException a) {
            return a.problems();
        }
        if (e instanceof ApiException a) {
            return a.problems();
        }
        return java.util.List.of();
    }

    private static boolean badInput(Exception e) {
        return e instanceof ApiException a ? a.isBadInput()
                : e instanceof ArgumentException || e instanceof StartupException || e instanceof IllegalArgumentException
                || e instanceof DataDirLock.InUseException;
    }
}
