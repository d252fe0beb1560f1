package pmgr.sandbox.discord;

import java.time.Instant;
import java.util.Map;

/**
 * One REST request on its way through a handler. The handler tags it with the interaction, message and
 * channel it concerns as soon as it knows them, so the journal names them even when the call fails.
 */
final class RestCall {
    final Map<String, String> vars;
    final Map<String, String> query;
    final Object body;
    final Instant now;
    /** The route's rate-limit bucket, for the headers of a 429. */
    final String bucketHash;
    Entry.Kind kind;
    String interactionId;
    String messageId;
    String channelId;

    RestCall(Map<String, String> vars, Map<String, String> query, Object body, Instant now, String bucketHash,
            Entry.Kind kind) {
        this.vars = vars;
        this.query = query;
        this.body = body;
        this.now = now;
        this.bucketHash = bucketHash;
        this.kind = kind;
    }

    String var(String name) {
        return vars.get(name);
    }

    /** The JSON object body; a missing body reads as {}, any other JSON as a form error. */
    Map<String, Object> bodyObject() {
        if (body == null) {
            return Map.of();
        }
        if (body instanceof Map<?, ?> map) {
            return Json.asObject(map);
        }
        throw RestError.invalidField("_root", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
    }

    boolean queryFlag(String name) {
        return "true".equalsIgnoreCase(query.get(name));
    }
}
