package pmgr.engine;

/** A model method failed; the message says which and why. */
public class MethodException extends RuntimeException {
    public MethodException(String message, Throwable cause) {
        super(message, cause);
    }
}
