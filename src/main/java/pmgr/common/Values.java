package pmgr.common;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversions between loosely typed values and declared types. Text that looks like the wanted
 * type is accepted (command lines and templates produce text), anything else is an error that
 * names the value and says what was expected.
 */
public final class Values {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Values() {
    }

    public static Object convert(Object raw, Class<?> type, Class<?> elementType, String what) {
        if (raw == null) {
            return null;
        }
        if (type == String.class) {
            if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
                return raw.toString();
            }
            throw wrong(what, "text", raw);
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            long n = toWhole(raw, what);
            if (type == int.class || type == Integer.class) {
                if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                    throw wrong(what, "a whole number that fits 32 bits", raw);
                }
                return (int) n;
            }
            return n;
        }
        if (type == double.class || type == Double.class) {
            if (raw instanceof Number n) {
                return n.doubleValue();
            }
            if (raw instanceof String s) {
                try {
                    return Double.parseDouble(s.trim());
                } catch (NumberFormatException e) {
                    throw wrong(what, "a number", raw);
                }
            }
            throw wrong(what, "a number", raw);
        }
        if (type == boolean.class || type == Boolean.class) {
            if (raw instanceof Boolean b) {
                return b;
            }
            if ("true".equals(raw) || "false".equals(raw)) {
                return Boolean.parseBoolean((String) raw);
            }
            throw wrong(what, "true or false", raw);
        }
        if (List.class.isAssignableFrom(type)) {
            List<?> list = raw instanceof List<?> l ? l : parseJson(raw, what, "a list", new TypeReference<List<Object>>() { });
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(elementType == Object.class ? normalize(list.get(i))
                        : convert(list.get(i), elementType, Object.class, what + "[" + i + "]"));
            }
            return out;
        }
        if (Map.class.isAssignableFrom(type)) {
            Map<?, ?> map = raw instanceof Map<?, ?> m ? m : parseJson(raw, what, "a map", new TypeReference<Map<String, Object>>() { });
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
            return out;
        }
        if (type.isEnum()) {
            for (Object c : type.getEnumConstants()) {
                if (((Enum<?>) c).name().equalsIgnoreCase(String.valueOf(raw))) {
                    return c;
                }
            }
            throw wrong(what, "one of " + Arrays.toString(type.getEnumConstants()), raw);
        }
        if (type.isInstance(raw)) {
            return raw;
        }
        throw wrong(what, type.getSimpleName(), raw);
    }

    private static long toWhole(Object raw, String what) {
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof BigInteger b) {
            return b.longValueExact();
        }
        if (raw instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d)) {
                return (long) d;
            }
            throw wrong(what, "a whole number", raw);
        }
        if (raw instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw wrong(what, "a whole number", raw);
            }
        }
        throw wrong(what, "a whole number", raw);
    }

    private static <T> T parseJson(Object raw, String what, String expected, TypeReference<T> ref) {
        if (raw instanceof String s) {
            try {
                return JSON.readValue(s, ref);
            } catch (Exception e) {
                throw wrong(what, expected + " (or its JSON text)", raw);
            }
        }
        throw wrong(what, expected, raw);
    }

    private static IllegalArgumentException wrong(String what, String expected, Object raw) {
        String shown = raw instanceof String s ? "'" + s + "'" : describe(raw);
        return new IllegalArgumentException(what + " must be " + expected + ", got " + shown);
    }

    public static String describe(Object raw) {
        if (raw instanceof Map) {
            return "a map";
        }
        if (raw instanceof List) {
            return "a list";
        }
        return String.valueOf(raw);
    }

    /**
     * Canonical form for data: whole numbers as Long, other numbers as Double, maps with string
     * keys, lists. Jackson and YAML produce Integer and BigDecimal; CEL wants Long and Double.
     */
    public static Object normalize(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return b.longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                    ? (Object) d.longValue() : (Object) d.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), normalize(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(normalize(x)));
            return out;
        }
        return v;
    }
}
