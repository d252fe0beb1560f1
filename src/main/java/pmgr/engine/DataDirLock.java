package pmgr.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Exclusive use of the data directory by one process, so two processes never open the embedded
 * database at once. An operating-system file lock: it is released the moment the holder dies,
 * even by kill -9.
 */
public final class DataDirLock implements AutoCloseable {
    private static final String FILE = "pmgr.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** {@code role} (serve or cli) is written beside the pid, so others can tell a starting server apart. */
    public static DataDirLock acquire(Path dataDir, String role) {
        try {
            Files.createDirectories(dataDir);
            FileChannel ch = FileChannel.open(dataDir.resolve(FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                throw new InUseException(dataDir, holder(dataDir).orElse("unknown"));
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + role).getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new DataDirLock(ch, l);
        } catch (IOException e) {
            throw new IllegalStateException("cannot lock data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Whether another process (or this one) holds the lock. */
    public static boolean isHeld(Path dataDir) {
        Path f = dataDir.resolve(FILE);
        if (!Files.exists(f)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The pid written by the holder. */
    public static Optional<String> holder(Path dataDir) {
        return field(dataDir, 0);
    }

    /** Whether the holder is `pmgr serve` (its HTTP API may still be starting). */
    public static boolean heldByServer(Path dataDir) {
        return field(dataDir, 1).filter("serve"::equals).isPresent();
    }

    private static Optional<String> field(Path dataDir, int index) {
        try {
            String[] parts = Files.readString(dataDir.resolve(FILE)).trim().split("\\s+");
            return parts.length > index && !parts[index].isEmpty() ? Optional.of(parts[index]) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS releases it on exit anyway
        }
    }

    /** Another process is using the data directory. */
    public static final class InUseException extends RuntimeException {
        public InUseException(Path dataDir, String pid) {
            super("another pmgr process (pid " + pid + ") is using " + dataDir
                    + "; wait for it to finish, or if it is `pmgr serve`, let the CLI talk to it over HTTP");
        }
    }
}
