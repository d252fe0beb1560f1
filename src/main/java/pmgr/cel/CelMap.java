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

    final String path;
    /** Opens sealed resource fields; null where none can occur. */
    final Function<SealedValue, String> reveal;

    CelMap(String path, Function<SealedValue, String> reveal) {
        this.path = path;
        this.reveal = reveal;
    }

    /** The raw value for a key, or {@link #MISSING}. */
    abstract Object lookup(String key);

    /** The keys, for iteration (size, macros, printing). */
    abstract List<String> keys();

    @Override
    public Object get(Object key) {
        Object v = key instanceof String k ? lookup(k) : MISSING;
        if (v == MISSING) {
            LAST_MISSING.set(new String[] {child(String.valueOf(key)), String.valueOf(key)});
            return null;
        }
        return CelValues.in(v, child((String) key), reveal);
    }

    @Override
    public boolean containsKey(Object key) {
        boolean present = key instanceof String k && lookup(k) != MISSING;
        if (!present) {
            LAST_MISSING.set(new String[] {child(String.valueOf(key)), String.valueOf(key)});
        }
        return present;
    }

    String child(String key) {
        return IDENTIFIER.matcher(key).matches() ? path + "." + key : path + "[\"" + key + "\"]";
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

        Plain(String path, Map<?, ?> map, Function<SealedValue, String> reveal) {
            super(path, reveal);
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
