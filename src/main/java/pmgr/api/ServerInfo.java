package pmgr.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import pmgr.common.Json;

/**
 * {@code <data-dir>/server.json}: where a running {@code pmgr serve} listens, for the CLI to find it
 * (and Hawtio's address, once it is up; null when it is off).
 */
public record ServerInfo(String url, long pid, String hawtio) {
    static final String FILE = "server.json";

    public ServerInfo withHawtio(String hawtioUrl) {
        return new ServerInfo(url, pid, hawtioUrl);
    }

    public void write(Path dataDir) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("url", url);
        m.put("pid", pid);
        if (hawtio != null) {
            m.put("hawtio", hawtio);
        }
        try {
            Files.writeString(dataDir.resolve(FILE), Json.write(m));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + dataDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    public static void remove(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(FILE));
        } catch (IOException ignored) {
            // stale file: the lock tells the truth anyway
        }
    }

    public static Optional<ServerInfo> read(Path dataDir) {
        Path f = dataDir.resolve(FILE);
        try {
            if (!Files.exists(f)) {
                return Optional.empty();
            }
            Map<String, Object> m = Json.readMap(Files.readString(f));
            return Optional.of(new ServerInfo((String) m.get("url"), ((Number) m.get("pid")).longValue(), (String) m.get("hawtio")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
