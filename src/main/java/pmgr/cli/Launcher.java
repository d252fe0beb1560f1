package pmgr.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The jar's entry point. A JVM cannot be given options from inside a jar, so when the build left a
 * class-data archive beside the jar ({@code pmgr.jsa} next to {@code pmgr.jar}, trained on a sandbox
 * serve) this starts pmgr in a second JVM that maps it, and passes on its arguments, standard streams,
 * exit code and stop signals. That JVM also compiles with C1 only: pmgr waits on networks and
 * disks, and on two cores C2's compile threads cost more seconds at start than they ever save; and
 * with one compiler thread, because on two cores a second one took a core from pmgr's own start
 * (two C1 threads were a third of a short command's CPU).
 * Options given to {@code java} come after these, so they win; {@code PMGR_CLASS_ARCHIVE=off}, a
 * missing or stale archive, or a JVM with an agent or its own sharing options runs pmgr in this JVM.
 *
 * <p>This class touches only the JDK until it hands over, so the first JVM stays small and quick.
 */
public final class Launcher {
    /**
     * The options of the JVM that runs pmgr, before the caller's own: the archive, C1 only, one
     * compiler thread. A caller who chooses the compilers ({@code -XX:TieredStopAtLevel=4}) gets the
     * JVM's thread count, which such a choice needs (tiered compilation wants at least two).
     */
    static List<String> childOptions(Path archive, List<String> callerOptions) {
        List<String> options = new ArrayList<>(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-XX:TieredStopAtLevel=1"));
        if (callerOptions.stream().noneMatch(Launcher::choosesCompilers)) {
            options.add("-XX:CICompilerCount=1");
        }
        return options;
    }

    private static boolean choosesCompilers(String option) {
        return option.contains("TieredStopAtLevel") || option.contains("CICompilerCount") || option.contains("TieredCompilation");
    }

    /** How long the first JVM waits, on its way out, for pmgr's to stop. */
    private static final long STOP_WAIT_SECONDS = 90;

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        Optional<List<String>> options = jvmOptions(ProcessHandle.current().info().arguments().map(List::of).orElse(null));
        Optional<Path> jar = ownJar();
        Optional<Path> archive = options.isEmpty() ? Optional.empty()
                : usableArchive(jar, withEnvironment(options.get()), System.getenv("PMGR_CLASS_ARCHIVE"));
        if (archive.isEmpty()) {
            PmgrCli.main(args);
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(childOptions(archive.get(), withEnvironment(options.get())));
        command.addAll(options.get());
        command.add("-jar");
        command.add(jar.orElseThrow().toString());
        command.addAll(List.of(args));
        Process pmgr = new ProcessBuilder(command).inheritIO().start();
        // a TERM to this JVM (a service manager, kill) reaches pmgr's too; Ctrl-C reaches both anyway
        Thread stopper = new Thread(() -> {
            pmgr.destroy();
            try {
                if (!pmgr.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    System.err.println("pmgr did not stop within " + STOP_WAIT_SECONDS + " s of the stop signal; killing it");
                    pmgr.destroyForcibly();
                }
            } catch (InterruptedException e) {
                pmgr.destroyForcibly();
            }
        }, "pmgr-launcher-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        // (on the normal way out the hook finds pmgr already stopped)
        System.exit(pmgr.waitFor());
    }

    /**
     * The options this JVM was started with, from its command line (the words before {@code -jar}):
     * reading /proc is quicker than starting the JDK's management beans. An {@code @argfile} stays a
     * word, which the second {@code java} expands the same way. Empty without a readable command
     * line or when not started with {@code -jar}: pmgr then runs in this JVM.
     */
    static Optional<List<String>> jvmOptions(List<String> arguments) {
        int jar = arguments == null ? -1 : arguments.indexOf("-jar");
        return jar < 0 ? Optional.empty() : Optional.of(List.copyOf(arguments.subList(0, jar)));
    }

    /** The options with those of {@code JDK_JAVA_OPTIONS}, which reach the second JVM through the environment. */
    private static List<String> withEnvironment(List<String> options) {
        String fromEnvironment = System.getenv("JDK_JAVA_OPTIONS");
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            return options;
        }
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(fromEnvironment.trim().split("\\s+")));
        return all;
    }

    /**
     * The archive to start pmgr with, if this is a jar with an archive at least as new beside it and
     * nothing asks for this JVM to run pmgr itself.
     */
    public static Optional<Path> usableArchive(Optional<Path> jar, List<String> jvmOptions, String setting) {
        if (jar.isEmpty() || "off".equalsIgnoreCase(setting) || jvmOptions.stream().anyMatch(Launcher::runsHere)) {
            return Optional.empty();
        }
        Path archive = archiveBeside(jar.get());
        try {
            return Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar.get())) >= 0
                    ? Optional.of(archive) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code target/pmgr.jar} → {@code target/pmgr.jsa}. */
    static Path archiveBeside(Path jar) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling((name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name) + ".jsa");
    }

    /** Options after which a second JVM would be wrong: a debugger or agent port, or sharing chosen by hand. */
    private static boolean runsHere(String option) {
        return option.startsWith("-agent") || option.startsWith("-javaagent") || option.startsWith("-Xshare")
                || option.startsWith("-XX:SharedArchiveFile") || option.startsWith("-XX:ArchiveClassesAtExit")
                || option.startsWith("-XX:SharedClassListFile") || option.startsWith("-XX:DumpLoadedClassList");
    }

    /** The jar this runs from, if it runs from one. */
    public static Optional<Path> ownJar() {
        try {
            Path location = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) && location.toString().endsWith(".jar") ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
