package pmgr.cel;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import pmgr.store.SealedValue;

/**
 * A map as CEL sees it, which knows where it is ({@code model.fleet.resource.vm}) so that a lookup
 * of something that is not there can be reported by its full path. Values are converted for CEL
 * when they are read; nothing is loaded before it is asked for.
 */
abstract class CelMap extends AbstractMap<String, Object> {
    /** Marks "no such key" (a present key may hold null). */
    static final Object MISSING = new Object();
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The last lookup that found nothing on this thread: {path, key}. */
    private static final ThreadLocal<String[]> LAST_MISSING = new ThreadLocal<>();

    /** Where this map is: a root name, or a parent and the key that led here (text built only for errors). */
    private final Object parent;
    private final String key;
    /** Opens sealed resource fields; null where none can occur. */
    final Function<SealedValue, String> reveal;

    CelMap(String root, Function<SealedValue, String> reveal) {
        this(null, root, reveal);
    }

    CelMap(Path at, Function<SealedValue, String> reveal) {
        this(at.parent, at.key, reveal);
    }

    private CelMap(Object parent, String key, Function<SealedValue, String> reveal) {
        this.parent = parent;
        this.key = key;
        this.reveal = reveal;
    }

    /** A position below a map, cheap to make; its text is built only when a message needs it. */
    record Path(Object parent, String key) {
        @Override
        public String toString() {
            String base = parent instanceof CelMap m ? m.path() : parent == null ? null : parent.toString();
            if (base == null) {
                return key;
            }
            if (key.startsWith("[")) {
                return base + key;
            }
            return IDENTIFIER.matcher(key).matches() ? base + "." + key : base + "[\"" + key + "\"]";
        }
    }

    String path() {
        return new Path(parent, key).toString();
    }

    /** The raw value for a key, or {@link #MISSING}. */
    abstract Object lookup(String key);

    /** The keys, for iteration (size, macros, printing). */
    abstract List<String> keys();

    @Override
    public Object get(Object key) {
        Object v = key instanceof String k ? lookup(k) : MISSING;
        if (v == MISSING) {
            LAST_MISSING.set(new String[] {child(String.valueOf(key)).toString(), String.valueOf(key)});
            return null;
        }
        return CelValues.in(v, child((String) key), reveal);
    }

    @Override
    public boolean containsKey(Object key) {
        boolean present = key instanceof String k && lookup(k) != MISSING;
        if (!present) {
            LAST_MISSING.set(new String[] {child(String.valueOf(key)).toString(), String.valueOf(key)});
        }
        return present;
    }

    Path child(String key) {
        return new Path(this, key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        List<String> keys = keys();
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                Iterator<String> it = keys.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        String k = it.next();
                        return new SimpleImmutableEntry<>(k, get(k));
                    }
                };
            }

            @Override
            public int size() {
                return keys.size();
            }
        };
    }

    static void clearMissing() {
        LAST_MISSING.remove();
    }

    static String[] lastMissing() {
        return LAST_MISSING.get();
    }

    /** A plain Java map seen through CEL. */
    static final class Plain extends CelMap {
        private final Map<?, ?> map;

        Plain(String root, Map<?, ?> map, Function<SealedValue, String> reveal) {
            super(root, reveal);
            this.map = map;
        }

        Plain(Path at, Map<?, ?> map, Function<SealedValue, String> reveal) {
            super(at, reveal);
            this.map = map;
        }

        @Override
        Object lookup(String key) {
            return map.containsKey(key) ? map.get(key) : MISSING;
        }

        @Override
        List<String> keys() {
            return map.keySet().stream().map(String::valueOf).toList();
        }
    }
}
