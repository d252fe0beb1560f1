package pmgr.sandbox.games;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies one stream to another on a daemon thread, flushing every chunk so output arrives live. */
final class StreamPump {
    private StreamPump() {
    }

    static Thread start(String name, InputStream from, OutputStream to, boolean closeTarget) {
        Thread thread = new Thread(() -> copy(from, to, closeTarget), "sandbox-exec-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void copy(InputStream from, OutputStream to, boolean closeTarget) {
        byte[] buffer = new byte[8192];
        try {
            for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // The other side closed (process exited or channel gone): nothing left to copy.
        } finally {
            if (closeTarget) {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }
    }
}
