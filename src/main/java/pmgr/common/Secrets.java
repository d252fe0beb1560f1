package pmgr.common;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every secret value this process has seen (vault values, inputs declared secret). Whatever text
 * leaves the process - log lines, stored data, run records, HTTP responses, chat - passes through
 * {@link #mask}, which replaces each known secret by {@code ***}. Process-wide on purpose: the log
 * layout has no engine to ask, and a secret must be masked wherever it travels.
 */
public final class Secrets {
    public static final String MASK = "***";
    /** Shorter values would mask ordinary text ("a", "ok"); they are not treated as secrets. */
    static final int MIN_LENGTH = 3;

    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    private static final List<String> LONGEST_FIRST = new CopyOnWriteArrayList<>();

    private Secrets() {
    }

    public static void register(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            return;
        }
        addForm(secret);
        // the same value as it appears inside JSON text
        String escaped = secret.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        addForm(escaped);
    }

    private static synchronized void addForm(String form) {
        if (KNOWN.add(form)) {
            LONGEST_FIRST.add(form);
            LONGEST_FIRST.sort((a, b) -> b.length() - a.length());
        }
    }

    public static String mask(String text) {
        if (text == null || LONGEST_FIRST.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : LONGEST_FIRST) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }

    /** Masks every string inside a JSON-like value (maps, lists, strings); other values pass. */
    @SuppressWarnings("unchecked")
    public static Object maskValue(Object value) {
        if (LONGEST_FIRST.isEmpty()) {
            return value;
        }
        if (value instanceof String s) {
            return mask(s);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), maskValue(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(Secrets::maskValue).toList();
        }
        return value;
    }
}
