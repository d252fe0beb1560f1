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
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import pmgr.common.Poll;

/**
 * Exclusive use of the data directory by one process, so two processes never open the embedded
 * database at once. An operating-system file lock: it is released the moment the holder dies,
 * even by kill -9. Within one process it is shared: {@code serve} takes it first thing, and the
 * engine it starts later uses the same lock.
 */
public final class DataDirLock implements AutoCloseable {
    private static final String FILE = "pmgr.lock";
    /** The locks this process holds, by data directory, with how many users each has. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    private record Held(FileChannel channel, FileLock lock, int users) {
    }

    private final Path dir;
    private boolean closed;

    private DataDirLock(Path dir) {
        this.dir = dir;
    }

    /**
     * Takes the lock, waiting up to {@code wait} while another process holds it (a CLI command
     * that will finish); then fails naming the holder and how long it waited.
     */
    public static DataDirLock acquire(Path dataDir, String role, Duration wait) throws InterruptedException {
        return Poll.within(wait, Duration.ofMillis(200)).until(() -> {
            try {
                return Optional.of(acquire(dataDir, role));
            } catch (InUseException e) {
                return Optional.<DataDirLock>empty();
            }
        }).orElseThrow(() -> new InUseException(dataDir, holder(dataDir).orElse("unknown"), wait));
    }

    /** {@code role} (serve or cli) is written beside the pid, so others can tell a starting server apart. */
    public static DataDirLock acquire(Path dataDir, String role) {
        Path key = dataDir.toAbsolutePath().normalize();
        synchronized (HELD) {
            Held held = HELD.get(key);
            if (held != null) {
                HELD.put(key, new Held(held.channel(), held.lock(), held.users() + 1));
                return new DataDirLock(key);
            }
            lockFile(key, role);
            return new DataDirLock(key);
        }
    }

    private static void lockFile(Path dataDir, String role) {
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
            HELD.put(dataDir, new Held(ch, l, 1));
        } catch (IOException e) {
            throw new IllegalStateException("cannot lock data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Whether another process (or this one) holds the lock. */
    public static boolean isHeld(Path dataDir) {
        synchronized (HELD) {
            // held here: opening and closing another channel on the file could release the lock on some systems
            if (HELD.containsKey(dataDir.toAbsolutePath().normalize())) {
                return true;
            }
        }
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
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            Held held = HELD.get(dir);
            if (held == null) {
                return;
            }
            if (held.users() > 1) {
                HELD.put(dir, new Held(held.channel(), held.lock(), held.users() - 1));
                return;
            }
            HELD.remove(dir);
            try {
                held.lock().release();
                held.channel().close();
            } catch (IOException ignored) {
                // the OS releases it on exit anyway
            }
        }
    }

    /** Another process is using the data directory. */
    public static final class InUseException extends RuntimeException {
        public InUseException(Path dataDir, String pid) {
            super("another pmgr process (pid " + pid + ") is using " + dataDir
                    + "; wait for it to finish, or if it is `pmgr serve`, let the CLI talk to it over HTTP");
        }

        InUseException(Path dataDir, String pid, Duration waited) {
            super("another pmgr process (pid " + pid + ") is using " + dataDir + " and did not finish within "
                    + pmgr.config.Durations.format(waited) + "; stop it, or if it is `pmgr serve`, let the CLI talk to it over HTTP");
        }
    }
}
