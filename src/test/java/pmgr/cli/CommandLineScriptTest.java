package pmgr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code target/pmgr} (from src/main/sh/pmgr), run by sh beside a jar and an archive, with a
 * {@code java} that prints the words it was given: which JVM options the script chooses and when.
 */
class CommandLineScriptTest {
    private static final Path SCRIPT = Path.of("src", "main", "sh", "pmgr");

    @TempDir
    Path dir;
    private Path javaHome;

    @BeforeEach
    void layout() throws Exception {
        Files.copy(SCRIPT, dir.resolve("pmgr"));
        Files.writeString(dir.resolve("pmgr.jar"), "jar");
        Files.writeString(dir.resolve("pmgr.jsa"), "archive");
        times(1_000_000, 2_000_000);
        javaHome = Files.createDirectories(dir.resolve("jdk/bin")).getParent();
        Path java = Files.writeString(javaHome.resolve("bin/java"), "#!/bin/sh\nfor w in \"$@\"; do echo \"$w\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void times(long jar, long archive) throws Exception {
        Files.setLastModifiedTime(dir.resolve("pmgr.jar"), FileTime.fromMillis(jar));
        Files.setLastModifiedTime(dir.resolve("pmgr.jsa"), FileTime.fromMillis(archive));
    }

    /** The words the script gave java. */
    private List<String> javaWords(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", dir.resolve("pmgr").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("PMGR_CLASS_ARCHIVE");
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the script ended").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    @Test
    void withAnArchiveAsNewAsTheJarItStartsTheJvmTheLauncherWouldStart() throws Exception {
        List<String> expected = new ArrayList<>(Launcher.childOptions(dir.resolve("pmgr.jsa"), List.of("-Xmx256m", "-Dx=1")));
        expected.addAll(List.of("-Xmx256m", "-Dx=1", "-jar", dir.resolve("pmgr.jar").toString(), "--home", "/a home", "run", "list"));
        assertThat(javaWords(Map.of("JAVA_OPTS", "-Xmx256m -Dx=1"), "--home", "/a home", "run", "list"))
                .as("the launcher's options, then JAVA_OPTS, then the jar and the arguments as given").isEqualTo(expected)
                .contains("-XX:CICompilerCount=1");
    }

    @Test
    void optionsThatChooseTheCompilersKeepTheJvmsCompilerThreads() throws Exception {
        List<String> expected = new ArrayList<>(Launcher.childOptions(dir.resolve("pmgr.jsa"), List.of("-XX:TieredStopAtLevel=4")));
        expected.addAll(List.of("-XX:TieredStopAtLevel=4", "-jar", dir.resolve("pmgr.jar").toString(), "serve"));
        assertThat(javaWords(Map.of("JAVA_OPTS", "-XX:TieredStopAtLevel=4"), "serve")).isEqualTo(expected)
                .doesNotContain("-XX:CICompilerCount=1");
    }

    @Test
    void aStaleArchiveOrPmgrClassArchiveOffRunsTheJarAsItIs() throws Exception {
        List<String> plain = List.of("-jar", dir.resolve("pmgr.jar").toString(), "--version");
        assertThat(javaWords(Map.of("PMGR_CLASS_ARCHIVE", "off"), "--version")).isEqualTo(plain);
        times(2_000_000, 1_000_000);
        assertThat(javaWords(Map.of(), "--version")).as("archive older than the jar").isEqualTo(plain);
        Files.delete(dir.resolve("pmgr.jsa"));
        assertThat(javaWords(Map.of(), "--version")).as("no archive").isEqualTo(plain);
    }
}
