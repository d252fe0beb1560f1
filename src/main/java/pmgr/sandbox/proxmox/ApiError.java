package pmgr.sandbox.proxmox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer. PVE's die messages usually end in a newline, which the body keeps and the
 * reason phrase (first line only) drops.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final String PARAMETER_VERIFICATION_FAILED = "Parameter verification failed.";

    private final int status;
    private final Map<String, String> errors;
    private final boolean emptyBody;

    private ApiError(int status, String message, Map<String, String> errors, boolean emptyBody) {
        super(message.endsWith("\n") ? message : message + "\n", null, false, false);
        this.status = status;
        this.errors = errors;
        this.emptyBody = emptyBody;
    }

    static ApiError of(int status, String message) {
        return new ApiError(status, message, Map.of(), false);
    }

    static ApiError internal(String message) {
        return of(500, message);
    }

    /** 400 with per-parameter texts, the shape of every schema violation. */
    static ApiError params(Map<String, String> errors) {
        return new ApiError(400, PARAMETER_VERIFICATION_FAILED, new LinkedHashMap<>(errors), false);
    }

    static ApiError param(String name, String text) {
        return params(Map.of(name, text));
    }

    /** Auth-layer rejections: 401 with the text only in the reason phrase and no body at all. */
    static ApiError unauthorized(String reason) {
        return new ApiError(401, reason, Map.of(), true);
    }

    static ApiError notImplemented(String message) {
        return of(501, message);
    }

    static ApiError noSuchVm(String node, int vmid) {
        return internal("Configuration file 'nodes/" + node + "/qemu-server/" + vmid + ".conf' does not exist");
    }

    static ApiError permission(String path, String privilege) {
        return of(403, "Permission check failed (" + path + ", " + privilege + ")");
    }

    int status() {
        return status;
    }

    Map<String, String> errors() {
        return errors;
    }

    boolean emptyBody() {
        return emptyBody;
    }

    /** The reason phrase: first line of the message. */
    String reasonPhrase() {
        String text = getMessage();
        int newline = text.indexOf('\n');
        String first = newline < 0 ? text : text.substring(0, newline);
        return first.replace('\r', ' ');
    }
}
