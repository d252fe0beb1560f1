package pmgr.engine;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.RuntimeCamelException;
import pmgr.common.Secrets;

/** The message a person should read for a failure: ours if we raised it, else the root cause's. */
public final class Errors {
    private Errors() {
    }

    /**
     * What a client (HTTP, chat) may read of a failure: ours, but never the database's own text
     * (table and column names, values); that goes to the log, where the reference points.
     */
    public static String forClient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException || t instanceof pmgr.store.StoreException) {
                String ref = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
                org.slf4j.LoggerFactory.getLogger(Errors.class).error("database failure (reference {})", ref, e);
                return "the database failed (see the log of pmgr serve, reference " + ref + ")";
            }
        }
        return describe(e);
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
