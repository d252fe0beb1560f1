package pmgr.models.grafana;

/** Grafana refused a call (its status and its own message), or could not be reached (status 0). */
public class GrafanaApiException extends RuntimeException {
    private final int status;

    public GrafanaApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
