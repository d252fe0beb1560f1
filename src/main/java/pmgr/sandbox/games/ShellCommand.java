package pmgr.sandbox.games;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSH exec request, run as {@code bash -c <command>} on the host. Unlike MINA's
 * ProcessShellFactory it keeps stderr separate and reports the real exit status, both of which
 * the manager's SSH client depends on.
 */
final class ShellCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(ShellCommand.class);
    /** After the process exits, how long to wait for output still held by a stray background job. */
    private static final long OUTPUT_DRAIN_MILLIS = 5_000;

    private final HostLayout layout;
    private final String commandLine;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exitCallback;
    private volatile Process process;

    ShellCommand(HostLayout layout, String commandLine) {
        this.layout = layout;
        this.commandLine = commandLine;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exitCallback = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        LOG.debug("{}: exec {}", layout.root(), commandLine);
        record();
        Process started = layout.shell(commandLine).start();
        process = started;
        StreamPump.start("stdin", in, started.getOutputStream(), true);
        Thread stdout = StreamPump.start("stdout", started.getInputStream(), out, false);
        Thread stderr = StreamPump.start("stderr", started.getErrorStream(), err, false);
        Thread waiter = new Thread(() -> finish(started, stdout, stderr), "sandbox-exec-wait");
        waiter.setDaemon(true);
        waiter.start();
    }

    /** Appends the command line to the host's record; a newline inside it is kept visible as \\n. */
    private void record() throws IOException {
        java.nio.file.Path log = layout.commandLog();
        java.nio.file.Files.createDirectories(log.getParent());
        synchronized (ShellCommand.class) {
            java.nio.file.Files.writeString(log, commandLine.replace("\\", "\\\\").replace("\n", "\\n") + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
    }

    private void finish(Process started, Thread stdout, Thread stderr) {
        int status;
        try {
            status = started.waitFor();
            long deadline = System.currentTimeMillis() + OUTPUT_DRAIN_MILLIS;
            stdout.join(Math.max(1, deadline - System.currentTimeMillis()));
            stderr.join(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 130;
        }
        exitCallback.onExit(status);
    }

    @Override
    public void destroy(ChannelSession channel) {
        Process running = process;
        if (running != null && running.isAlive()) {
            // The client went away mid-command: end what it started in the foreground.
            running.descendants().forEach(ProcessHandle::destroy);
            running.destroy();
            try {
                if (!running.waitFor(2, TimeUnit.SECONDS)) {
                    running.destroyForcibly();
                }
            } catch (InterruptedException e) {
                running.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
