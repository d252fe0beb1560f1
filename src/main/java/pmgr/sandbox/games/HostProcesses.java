package pmgr.sandbox.games;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds and ends every process a host started. tmux daemonises away from the commands that
 * started it, so parentage is useless; instead each host process inherits the host's marker
 * variable, which /proc/<pid>/environ reveals.
 */
final class HostProcesses {
    private HostProcesses() {
    }

    static List<ProcessHandle> of(Path root) {
        byte[] marker = (HostLayout.MARKER_VARIABLE + "=" + root).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(process -> process.pid() != self)
                .filter(process -> environmentContains(process.pid(), marker))
                .toList();
    }

    /** Politely asks the tmux servers to quit, then terminates whatever is left. */
    static void stopAll(HostLayout layout) {
        tmuxDirs(layout).forEach(dir -> killTmuxServer(layout, dir));
        List<ProcessHandle> left = of(layout.root());
        left.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ProcessHandle process : left) {
            long remaining = deadline - System.nanoTime();
            try {
                process.onExit().get(Math.max(1, remaining), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
    }

    private static List<Path> tmuxDirs(HostLayout layout) {
        List<Path> dirs = new ArrayList<>(List.of(layout.tmuxDir()));
        try (Stream<Path> containers = Files.list(layout.containersDir())) {
            containers.map(dir -> dir.resolve("tmux")).filter(Files::isDirectory).forEach(dirs::add);
        } catch (IOException e) {
            // no containers directory: only the host's own tmux
        }
        return dirs;
    }

    private static void killTmuxServer(HostLayout layout, Path tmuxTmpDir) {
        try {
            Process kill = layout.tmux(tmuxTmpDir, "kill-server")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            // no tmux binary: nothing of ours can be running in tmux either
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean environmentContains(long pid, byte[] entry) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException | SecurityException e) {
            return false;   // gone already, or not ours to read
        }
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i - start == entry.length && Arrays.equals(environ, start, i, entry, 0, entry.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }
}
