package pmgr.sandbox.games;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a shell command directly on a host (same environment as over SSH), for assertions and setup. */
final class LocalCommandRunner {
    private static final File NO_INPUT = new File("/dev/null");

    private LocalCommandRunner() {
    }

    static CommandResult run(HostLayout layout, String command, Duration timeout) throws IOException {
        Process process = layout.shell(command).redirectInput(ProcessBuilder.Redirect.from(NO_INPUT)).start();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread outPump = StreamPump.start("local-stdout", process.getInputStream(), stdout, false);
        Thread errPump = StreamPump.start("local-stderr", process.getErrorStream(), stderr, false);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException("command timed out after " + timeout + ": " + command);
            }
            outPump.join(2_000);
            errPump.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new InterruptedIOException("interrupted while running: " + command);
        }
        return new CommandResult(process.exitValue(), text(stdout), text(stderr));
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
