package pmgr.sandbox.discord;

import java.util.List;
import java.util.Map;

/** An error answer in Discord's shape: {@code {"message": ..., "code": ...}} plus extra fields and headers. */
final class RestError extends RuntimeException {
    final int status;
    final JsonMap body;
    final Map<String, String> headers;

    private RestError(int status, JsonMap body, Map<String, String> headers) {
        super(status + " " + body);
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    static RestError of(int status, int code, String message) {
        return new RestError(status, new JsonMap().with("message", message).with("code", code), Map.of());
    }

    static RestError unauthorized() {
        return of(401, 0, "401: Unauthorized");
    }

    static RestError notFound() {
        return of(404, 0, "404: Not Found");
    }

    static RestError methodNotAllowed() {
        return of(405, 0, "405: Method Not Allowed");
    }

    static RestError unknownChannel() {
        return of(404, 10003, "Unknown Channel");
    }

    static RestError unknownMember() {
        return of(404, 10007, "Unknown Member");
    }

    static RestError unknownMessage() {
        return of(404, 10008, "Unknown Message");
    }

    static RestError unknownWebhook() {
        return of(404, 10015, "Unknown Webhook");
    }

    static RestError unknownUser() {
        return of(404, 10013, "Unknown User");
    }

    static RestError unknownCommand() {
        return of(404, 10063, "Unknown application command");
    }

    static RestError unknownInteraction() {
        return of(404, 10062, "Unknown interaction");
    }

    static RestError missingAccess() {
        return of(403, 50001, "Missing Access");
    }

    static RestError cannotEditOthers() {
        return of(403, 50005, "Cannot edit a message authored by another user");
    }

    static RestError emptyMessage() {
        return of(400, 50006, "Cannot send an empty message");
    }

    static RestError invalidWebhookToken() {
        return of(401, 50027, "Invalid Webhook Token");
    }

    static RestError invalidJson() {
        return of(400, 50109, "The request body contains invalid JSON.");
    }

    static RestError alreadyAcknowledged() {
        return of(400, 40060, "Interaction has already been acknowledged.");
    }

    static RestError oldMessageEditCap() {
        return of(400, 30046, "Maximum number of edits to messages older than 1 hour reached. Try again later");
    }

    /** 50035 with Discord's nested error tree for one field. */
    static RestError invalidField(String field, String errorCode, String message) {
        JsonMap errors = new JsonMap().with(field, new JsonMap().with("_errors",
                List.of(new JsonMap().with("code", errorCode).with("message", message))));
        return new RestError(400, new JsonMap().with("message", "Invalid Form Body").with("code", 50035)
                .with("errors", errors), Map.of());
    }

    /** 429 with the body and headers a client needs to wait and retry. */
    static RestError rateLimited(double retryAfterSeconds, Map<String, String> headers) {
        JsonMap body = new JsonMap()
                .with("message", "You are being rate limited.")
                .with("retry_after", Math.round(retryAfterSeconds * 1000) / 1000.0)
                .with("global", false);
        return new RestError(429, body, headers);
    }
}
