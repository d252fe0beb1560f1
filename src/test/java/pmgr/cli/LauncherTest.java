package pmgr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the launcher starts pmgr from the class-data archive, and when it runs pmgr itself. */
class LauncherTest {
    @TempDir
    Path dir;

    private Optional<Path> jarWithArchive(long jarTime, long archiveTime) throws Exception {
        Path jar = Files.writeString(dir.resolve("pmgr.jar"), "jar");
        Path archive = Files.writeString(dir.resolve("pmgr.jsa"), "archive");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(jarTime));
        Files.setLastModifiedTime(archive, FileTime.fromMillis(archiveTime));
        return Optional.of(jar);
    }

    @Test
    void anArchiveAsNewAsTheJarIsUsed() throws Exception {
        Optional<Path> jar = jarWithArchive(1_000_000, 2_000_000);
        assertEquals(Optional.of(dir.resolve("pmgr.jsa")), Launcher.usableArchive(jar, List.of("-Xmx512m"), null));
        assertTrue(Launcher.childOptions(dir.resolve("pmgr.jsa"), List.of()).contains("-XX:SharedArchiveFile=" + dir.resolve("pmgr.jsa")));
    }

    @Test
    void oneCompilerThreadUnlessTheCallerChoosesTheCompilers() {
        assertTrue(Launcher.childOptions(dir.resolve("pmgr.jsa"), List.of("-Xmx1g")).contains("-XX:CICompilerCount=1"));
        // tiered compilation refuses fewer than two threads, so a caller's -XX:TieredStopAtLevel=4 must not meet ours
        assertTrue(Launcher.childOptions(dir.resolve("pmgr.jsa"), List.of("-XX:TieredStopAtLevel=4")).stream()
                .noneMatch(o -> o.startsWith("-XX:CICompilerCount")));
    }

    @Test
    void aStaleOrMissingArchiveIsNot() throws Exception {
        Optional<Path> jar = jarWithArchive(2_000_000, 1_000_000);
        assertEquals(Optional.empty(), Launcher.usableArchive(jar, List.of(), null), "archive older than the jar");
        Files.delete(dir.resolve("pmgr.jsa"));
        assertEquals(Optional.empty(), Launcher.usableArchive(jar, List.of(), null), "no archive");
        assertEquals(Optional.empty(), Launcher.usableArchive(Optional.empty(), List.of(), null), "not run from a jar");
    }

    @Test
    void offAnAgentOrSharingChosenByHandRunsPmgrInTheFirstJvm() throws Exception {
        Optional<Path> jar = jarWithArchive(1_000_000, 2_000_000);
        assertEquals(Optional.empty(), Launcher.usableArchive(jar, List.of(), "off"));
        for (String option : List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:x.jar",
                "-Xshare:off", "-XX:SharedArchiveFile=other.jsa", "-XX:ArchiveClassesAtExit=new.jsa")) {
            assertEquals(Optional.empty(), Launcher.usableArchive(jar, List.of(option), null), option);
        }
    }

    @Test
    void theJvmOptionsAreTheWordsBeforeDashJar() {
        assertEquals(Optional.of(List.of("-Xmx512m", "@opts.txt")),
                Launcher.jvmOptions(List.of("-Xmx512m", "@opts.txt", "-jar", "target/pmgr.jar", "workflow", "run", "-jar")));
        assertEquals(Optional.of(List.of()), Launcher.jvmOptions(List.of("-jar", "pmgr.jar")));
        // not started with -jar, or no command line to read: none, and pmgr runs in this JVM
        assertEquals(Optional.empty(), Launcher.jvmOptions(List.of("-cp", "pmgr.jar", "pmgr.cli.Launcher")));
        assertEquals(Optional.empty(), Launcher.jvmOptions(null));
    }

    @Test
    void theArchiveLivesBesideTheJar() {
        assertEquals(Path.of("/opt/pmgr/pmgr.jsa"), Launcher.archiveBeside(Path.of("/opt/pmgr/pmgr.jar")));
    }
}
