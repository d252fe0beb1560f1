package pmgr.sandbox.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a create or edit request asks a message to show, read from Discord's JSON fields; a field the
 * request left out is null here, so an edit keeps what the message had.
 */
record MessageContent(String text, List<Map<String, Object>> embeds, List<Map<String, Object>> components,
        List<Map<String, Object>> attachments, Integer requestedFlags, boolean tts) {

    static MessageContent from(Map<String, Object> body) {
        Map<String, Object> json = body == null ? Map.of() : body;
        return new MessageContent(
                json.containsKey("content") ? Objects.toString(json.get("content"), "") : null,
                json.containsKey("embeds") ? normalisedEmbeds(json.get("embeds")) : null,
                json.containsKey("components") ? numberedComponents(json.get("components")) : null,
                json.containsKey("attachments") ? listOrEmpty(json.get("attachments")) : null,
                json.get("flags") instanceof Number n ? n.intValue() : null,
                Boolean.TRUE.equals(json.get("tts")));
    }

    /** For a new message: absent fields are empty. */
    MessageContent orEmpty() {
        return new MessageContent(text == null ? "" : text, embeds == null ? List.of() : embeds,
                components == null ? List.of() : components, attachments == null ? List.of() : attachments,
                requestedFlags, tts);
    }

    int flags() {
        return requestedFlags == null ? 0 : requestedFlags;
    }

    boolean isEmpty() {
        return (text == null || text.isEmpty()) && (embeds == null || embeds.isEmpty())
                && (components == null || components.isEmpty()) && (attachments == null || attachments.isEmpty());
    }

    MessageContent withFlags(int flags) {
        return new MessageContent(text, embeds, components, attachments, flags, tts);
    }

    MessageContent withAttachments(List<Map<String, Object>> kept) {
        return new MessageContent(text, embeds, components, kept, requestedFlags, tts);
    }

    /** Discord stores every embed a bot sends as type "rich" unless it says otherwise. */
    private static List<Map<String, Object>> normalisedEmbeds(Object value) {
        List<Map<String, Object>> embeds = new ArrayList<>();
        for (Map<String, Object> embed : listOrEmpty(value)) {
            JsonMap copy = new JsonMap(embed);
            copy.putIfAbsent("type", "rich");
            copy.putIfAbsent("content_scan_version", 0);
            embeds.add(copy);
        }
        return List.copyOf(embeds);
    }

    /** Discord gives every component a numeric id, counting through the tree, when the sender gave none. */
    private static List<Map<String, Object>> numberedComponents(Object value) {
        int[] next = {1};
        return listOrEmpty(value).stream().map(c -> numbered(c, next)).toList();
    }

    private static Map<String, Object> numbered(Map<String, Object> component, int[] next) {
        JsonMap copy = new JsonMap(component);
        if (!(copy.get("id") instanceof Number)) {
            copy.put("id", next[0]);
        }
        next[0]++;
        if (copy.get("components") instanceof List<?>) {
            copy.put("components", Json.asObjects(copy.get("components")).stream().map(c -> numbered(c, next))
                    .toList());
        }
        return copy;
    }

    private static List<Map<String, Object>> listOrEmpty(Object value) {
        return value instanceof List<?> ? List.copyOf(Json.asObjects(value)) : List.of();
    }
}
