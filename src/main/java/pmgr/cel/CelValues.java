package pmgr.cel;

import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import pmgr.common.Json;
import pmgr.store.SealedValue;

/** Converts values into the forms CEL evaluates (Long, Double, its null) and back to plain Java. */
final class CelValues {
    private CelValues() {
    }

    static Object in(Object v, CelMap.Path path, Function<SealedValue, String> reveal) {
        if (v == null) {
            return NullValue.NULL_VALUE;
        }
        if (v instanceof CelMap || v instanceof String || v instanceof Long || v instanceof Double
                || v instanceof Boolean || v instanceof NullValue) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return b.longValue();
        }
        if (v instanceof Float || v instanceof BigDecimal) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            return new CelMap.Plain(path, m, reveal);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(in(l.get(i), new CelMap.Path(path, "[" + i + "]"), reveal));
            }
            return out;
        }
        if (v instanceof SealedValue s) {
            if (reveal == null) {
                throw new IllegalStateException(path + " is sealed and cannot be read here");
            }
            return reveal.apply(s);
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof TemporalAccessor) {
            return v.toString();
        }
        if (v instanceof Record r) {
            return new CelMap.Plain(path, Json.toMap(r), reveal);
        }
        return v;
    }

    static Object out(Object v) {
        if (v == null || v instanceof NullValue) {
            return null;
        }
        if (v instanceof Optional<?> o) {
            return o.map(CelValues::out).orElse(null);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), out(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(out(x)));
            return out;
        }
        if (v instanceof com.google.common.primitives.UnsignedLong u) {
            return u.longValue();
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        return v;
    }
}
