package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;

/**
 * A successful answer. {@code changed} says whether the request changed the fake's state, which is what
 * {@link FakeGrafana#writes()} counts; a raw body (the data-source proxy) is passed on untouched.
 */
record Reply(int status, JsonNode json, Buffer raw, String contentType, boolean changed, boolean pretty) {

    static Reply ok(JsonNode json) {
        return new Reply(200, json, null, null, false, false);
    }

    static Reply json(int status, JsonNode json, boolean changed) {
        return new Reply(status, json, null, null, changed, false);
    }

    static Reply changed(int status, JsonNode json) {
        return new Reply(status, json, null, null, true, false);
    }

    static Reply unchanged(int status, JsonNode json) {
        return new Reply(status, json, null, null, false, false);
    }

    /** No body at all (Grafana's 204s). */
    static Reply noContent(boolean changed) {
        return new Reply(204, null, null, null, changed, false);
    }

    static Reply raw(int status, String contentType, Buffer body) {
        return new Reply(status, null, body, contentType, false, false);
    }

    Reply prettyPrinted() {
        return new Reply(status, json, raw, contentType, changed, true);
    }

    static Reply of(ApiError error) {
        return new Reply(error.status, error.body, null, null, false, false);
    }
}
