package pmgr.sandbox.grafana;

import java.util.ArrayList;
import java.util.List;

/** Every answered request as "METHOD /path -> status", in the order they were answered. */
final class Journal {
    private final List<String> lines = new ArrayList<>();

    synchronized void record(String method, String path, int status) {
        lines.add(method + " " + path + " -> " + status);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
