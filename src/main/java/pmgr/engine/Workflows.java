package pmgr.engine;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The loaded workflows, by name. */
public final class Workflows {
    private final Map<String, Workflow> byName = new TreeMap<>();

    void add(Workflow w) {
        byName.put(w.name(), w);
    }

    public Optional<Workflow> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<Workflow> all() {
        return byName.values();
    }
}
