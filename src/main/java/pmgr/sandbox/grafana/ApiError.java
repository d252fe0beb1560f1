package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answer in one of Grafana's shapes. Grafana has several: {@code {"message"}} from
 * {@code response.Error} without a cause, the same plus {@code "traceID"} when a cause is attached,
 * {@code {"message","status"}} for dashboard errors with a status word, the errutil shape
 * {@code {"message","messageId","statusCode","traceID"}}, and a few empty bodies. The trace id is "" because
 * Grafana has no tracing configured by default.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    /** null: an empty body, as Grafana sends for some 404s. */
    final transient ObjectNode body;

    private ApiError(int status, ObjectNode body) {
        super(status + " " + (body == null ? "" : body.path("message").asText()), null, false, false);
        this.status = status;
        this.body = body;
    }

    /** {@code response.Error(status, message, nil)}. */
    static ApiError plain(int status, String message) {
        return new ApiError(status, Json.object().put("message", message));
    }

    /** {@code response.Error(status, message, err)}: the cause adds a trace id. */
    static ApiError traced(int status, String message) {
        return new ApiError(status, Json.object().put("message", message).put("traceID", ""));
    }

    /** A dashboard or folder error with Grafana's status word ("version-mismatch", "not-found", ...). */
    static ApiError withStatus(int status, String message, String statusWord) {
        return new ApiError(status, Json.object().put("message", message).put("status", statusWord));
    }

    /** An errutil error: its public message, message id and status code. */
    static ApiError errutil(int status, String messageId, String message) {
        return new ApiError(status, Json.object().put("message", message).put("messageId", messageId)
                .put("statusCode", status).put("traceID", ""));
    }

    static ApiError empty(int status) {
        return new ApiError(status, null);
    }

    /** What every handler answers when the body does not decode into the expected structure. */
    static ApiError badRequestData() {
        return traced(400, "bad request data");
    }

    /** Grafana's catch-all for an unknown API path (JsonApiErr without a cause). */
    static ApiError notFound() {
        return plain(404, "Not found");
    }

    static ApiError missingCredentials() {
        return errutil(401, "auth.unauthorized", "Unauthorized");
    }

    static ApiError invalidApiKey() {
        return errutil(401, "api-key.invalid", "Invalid API key");
    }
}
