package pmgr.sandbox.discord;

import java.util.LinkedHashMap;
import java.util.Map;

/** An ordered JSON object that may hold nulls (Discord sends many explicit nulls), built fluently. */
final class JsonMap extends LinkedHashMap<String, Object> {

    JsonMap() {
    }

    JsonMap(Map<String, ?> from) {
        super(from);
    }

    JsonMap with(String key, Object value) {
        put(key, value);
        return this;
    }
}
