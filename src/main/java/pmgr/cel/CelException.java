package pmgr.cel;

/** A CEL expression that does not compile, or failed while it was evaluated. */
public class CelException extends RuntimeException {
    public CelException(String message) {
        super(message);
    }

    public CelException(String message, Throwable cause) {
        super(message, cause);
    }
}
