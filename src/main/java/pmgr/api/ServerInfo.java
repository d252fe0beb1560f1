package pmgr.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import pmgr.common.Json;

/** {@code <data-dir>/server.json}: where a running {@code pmgr serve} listens, for the CLI to find it. */
public record ServerInfo(String url, long pid) {
    static final String FILE = "server.json";

    public void write(Path dataDir) {
        try {
            Files.writeString(dataDir.resolve(FILE), Json.write(Map.of("url", url, "pid", pid)));
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
            return Optional.of(new ServerInfo((String) m.get("url"), ((Number) m.get("pid")).longValue()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
