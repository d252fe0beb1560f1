package pmgr.models.proxmox;

/** The Proxmox API refused a call (status and the API's own message), or could not be reached (status 0). */
public class ProxmoxApiException extends RuntimeException {
    private final int status;

    public ProxmoxApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
