package pmgr.sandbox.discord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The one Jackson mapper, and Discord's timestamp format. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private Json() {
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }

    /** Parses a JSON document into maps, lists, strings, numbers and booleans. */
    static Object parse(byte[] json) throws IOException {
        return MAPPER.readValue(json, Object.class);
    }

    static Map<String, Object> parseObject(String json) {
        try {
            Object value = MAPPER.readValue(json, Object.class);
            if (value instanceof Map<?, ?> map) {
                return asObject(map);
            }
            throw new IllegalArgumentException("not a JSON object: " + json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deep copy, so a journal entry keeps the state of the moment it was recorded. */
    static Map<String, Object> copyAsObject(Object body) {
        if (body == null) {
            return null;
        }
        Object copy = MAPPER.convertValue(body instanceof List<?> ? Map.of("items", body) : body, Object.class);
        return copy instanceof Map<?, ?> map ? asObject(map) : Map.of("value", copy);
    }

    static List<Map<String, Object>> copyOfObjects(List<Map<String, Object>> objects) {
        return objects.stream().map(Json::copyAsObject).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> asObjects(Object value) {
        return (List<Map<String, Object>>) value;
    }

    static String timestamp(Instant at) {
        return TIMESTAMP.format(at);
    }
}
