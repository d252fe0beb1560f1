package pmgr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.api.ServerInfo;

/**
 * The packaged jar as a user runs it ({@code java -jar target/pmgr.jar}): its launcher starts pmgr
 * in a JVM that maps the class-data archive the build trained, and passes arguments, streams, exit
 * codes and stop signals through. Runs after {@code package} (failsafe).
 */
class LauncherIT {
    private static final Path JAR = Path.of("target", "pmgr.jar").toAbsolutePath();
    private static final Path ARCHIVE = Path.of("target", "pmgr.jsa").toAbsolutePath();
    private static final Path SCRIPT = Path.of("target", "pmgr").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void packaged() {
        assertTrue(Files.isRegularFile(JAR), "mvn package builds " + JAR);
        assertTrue(Files.isRegularFile(ARCHIVE), "mvn package trains the class-data archive " + ARCHIVE + " (unless -Dexec.skip)");
        assertTrue(Files.isExecutable(SCRIPT), "mvn package puts the command line script at " + SCRIPT);
    }

    private Result run(Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("java " + String.join(" ", args) + " did not end within 120 s");
        }
        return new Result(p.exitValue(), Files.readString(tmp.resolve("out")), Files.readString(tmp.resolve("err")));
    }

    @Test
    void pmgrRunsFromTheClassDataArchive() throws Exception {
        Result r = run(Map.of(), "", "-Xlog:class+load=info", "-jar", JAR.toString(), "--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pmgr 0.1.0"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains(" pmgr.cli.PmgrCli source: shared objects file (top)")),
                "pmgr's classes come from the archive:\n" + r.out().lines().filter(l -> l.contains("pmgr.cli.")).toList());
    }

    @Test
    void pmgrClassArchiveOffRunsInTheFirstJvmFromTheJar() throws Exception {
        Result r = run(Map.of("PMGR_CLASS_ARCHIVE", "off"), "", "-Xlog:class+load=info", "-jar", JAR.toString(), "--version");
        assertEquals(0, r.code(), r.err());
        String loaded = r.out().lines().filter(l -> l.contains(" pmgr.cli.PmgrCli source:")).findFirst().orElseThrow();
        assertFalse(loaded.contains("shared objects file"), loaded);
    }

    @Test
    void exitCodesErrorsAndStandardInputPassThrough() throws Exception {
        Result bad = run(Map.of(), "", "-jar", JAR.toString(), "--home", tmp.resolve("nothing-here").toString(), "workflow", "run", "sync-fleet");
        assertEquals(PmgrCli.BAD_INPUT, bad.code());
        assertTrue(bad.err().contains("not a pmgr home"), bad.err());

        Path home = tmp.resolve("lab");
        assertEquals(0, run(Map.of(), "", "-jar", JAR.toString(), "init", home.toString()).code());
        assertEquals(0, run(Map.of(), "s3cret\n", "-jar", JAR.toString(), "--home", home.toString(), "vault", "put", "v1", "k1").code());
        Result list = run(Map.of(), "", "-jar", JAR.toString(), "--home", home.toString(), "vault", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("k1"), list.out());
        assertFalse(list.out().contains("s3cret"), list.out());
    }

    /** A new home and {@code serve} on it, started by {@code command} (any port, no Hawtio), its output in serve.log. */
    private Process serveOnNewHome(Path home, String... command) throws Exception {
        assertEquals(0, run(Map.of(), "", "-jar", JAR.toString(), "init", home.toString()).code());
        List<String> words = new ArrayList<>(List.of(command));
        words.addAll(List.of("--home", home.toString(), "serve"));
        ProcessBuilder pb = new ProcessBuilder(words).redirectErrorStream(true).redirectOutput(tmp.resolve("serve.log").toFile());
        pb.environment().put("PMGR_HTTP_PORT", "0");
        pb.environment().put("PMGR_HAWTIO_ENABLED", "false");
        return pb.start();
    }

    @Test
    void aStopSignalToTheLauncherStopsServe() throws Exception {
        Path home = tmp.resolve("lab");
        Process launcher = serveOnNewHome(home, JAVA, "-jar", JAR.toString());
        try {
            ServerInfo info = awaitServe(home.resolve("data"), launcher);
            assertNotEquals(launcher.pid(), info.pid(), "serve runs in the JVM the launcher started");
            ProcessHandle serve = ProcessHandle.of(info.pid()).orElseThrow();
            assertEquals(launcher.pid(), serve.parent().map(ProcessHandle::pid).orElse(-1L));
            assertTrue(serve.info().arguments().map(a -> List.of(a).contains("-XX:SharedArchiveFile=" + ARCHIVE)).orElse(true),
                    "serve's JVM maps the archive: " + serve.info().commandLine().orElse("?"));

            launcher.destroy(); // SIGTERM, as a service manager or kill sends it
            assertTrue(launcher.waitFor(90, TimeUnit.SECONDS), "the launcher ends once serve has stopped");
            assertTrue(serve.onExit().get(5, TimeUnit.SECONDS) != null && !serve.isAlive(), "serve stopped with the launcher");
            assertTrue(Files.readString(tmp.resolve("serve.log")).contains("pmgr serve: listening"));
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    @Test
    void theCommandLineScriptRunsPmgrInOneJvmFromTheArchive() throws Exception {
        ProcessBuilder version = new ProcessBuilder(SCRIPT.toString(), "--version").redirectErrorStream(true);
        version.environment().put("JAVA_OPTS", "-Xlog:class+load=info");
        Process v = version.start();
        String out = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(v.waitFor(60, TimeUnit.SECONDS) && v.exitValue() == 0, out);
        assertTrue(out.contains("pmgr 0.1.0"), out);
        assertTrue(out.lines().anyMatch(l -> l.contains(" pmgr.cli.PmgrCli source: shared objects file (top)")),
                "pmgr's classes come from the archive:\n" + out.lines().filter(l -> l.contains("pmgr.cli.")).toList());

        Path home = tmp.resolve("lab");
        Process script = serveOnNewHome(home, SCRIPT.toString());
        try {
            ServerInfo info = awaitServe(home.resolve("data"), script);
            assertEquals(script.pid(), info.pid(), "the script's process becomes pmgr's JVM (exec), no second JVM");
            assertTrue(script.info().arguments().map(a -> List.of(a).contains("-XX:SharedArchiveFile=" + ARCHIVE)).orElse(true),
                    "it maps the archive: " + script.info().commandLine().orElse("?"));
            script.destroy();
            assertTrue(script.waitFor(90, TimeUnit.SECONDS), "serve stops on SIGTERM");
        } finally {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }
    }

    private ServerInfo awaitServe(Path dataDir, Process launcher) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            var info = ServerInfo.read(dataDir);
            if (info.isPresent()) {
                return info.get();
            }
            if (!launcher.isAlive()) {
                fail("serve ended before it listened:\n" + Files.readString(tmp.resolve("serve.log")));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("serve did not listen within 90 s:\n" + Files.readString(tmp.resolve("serve.log")));
    }
}
