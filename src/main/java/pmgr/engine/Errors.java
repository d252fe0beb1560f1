package pmgr.engine;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.RuntimeCamelException;
import pmgr.common.Secrets;

/** The message a person should read for a failure: ours if we raised it, else the root cause's. */
public final class Errors {
    private Errors() {
    }

    public static String describe(Throwable e) {
        Throwable t = e;
        // Camel wraps failures (a parallel branch's in "Multicast processing failed..."): show the cause
        while ((t instanceof CamelExecutionException || t instanceof RuntimeCamelException
                || t instanceof org.apache.camel.CamelExchangeException
                || t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        }
        return Secrets.mask(message);
    }
}
