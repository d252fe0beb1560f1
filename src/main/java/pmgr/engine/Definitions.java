package pmgr.engine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** All loaded definitions, by name. */
public final class Definitions {
    private final Map<String, Definition> byName = new TreeMap<>();

    Definitions(Collection<Definition> all) {
        all.forEach(d -> byName.put(d.name(), d));
    }

    public Optional<Definition> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<Definition> all() {
        return byName.values();
    }

    /** Names of the instances of these model types, in name order. */
    public List<String> byType(Collection<String> types) {
        return byName.values().stream().filter(d -> types.contains(d.type())).map(Definition::name).toList();
    }
}
