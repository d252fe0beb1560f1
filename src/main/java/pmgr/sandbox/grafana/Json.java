package pmgr.sandbox.grafana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The one Jackson mapper and small helpers for reading request fields the way Go's decoder does. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    static JsonNode parse(String text) throws IOException {
        return MAPPER.readTree(text);
    }

    static byte[] bytes(JsonNode node, boolean pretty) {
        try {
            return (pretty ? PRETTY : MAPPER).writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + node, e);
        }
    }

    /** Deep copy, so views and journals never share nodes with the live state. */
    @SuppressWarnings("unchecked")
    static <T extends JsonNode> T copy(T node) {
        return node == null ? null : (T) node.deepCopy();
    }

    static <T extends JsonNode> List<T> copies(List<T> nodes) {
        List<T> out = new ArrayList<>(nodes.size());
        nodes.forEach(n -> out.add(copy(n)));
        return List.copyOf(out);
    }

    /**
     * A string field as Go decodes it into a string: absent or null is "", anything but a string fails the
     * whole body ("bad request data").
     */
    static String text(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw ApiError.badRequestData();
        }
        return value.textValue();
    }

    /** An integer field as Go decodes it into an int64: absent or null is 0, a non-integer fails the body. */
    static long integer(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber()) {
            throw ApiError.badRequestData();
        }
        return value.longValue();
    }

    static boolean bool(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiError.badRequestData();
        }
        return value.booleanValue();
    }

    /** A list of strings; absent or null is empty. */
    static List<String> texts(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        List<String> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isArray()) {
            throw ApiError.badRequestData();
        }
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw ApiError.badRequestData();
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** RFC 3339 as Go's time.Time marshals it in UTC. */
    static String time(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at);
    }
}
