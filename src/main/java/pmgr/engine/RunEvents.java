package pmgr.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans run events out to the listeners; one failing listener does not disturb the run or the others. */
public final class RunEvents {
    private static final Logger LOG = LoggerFactory.getLogger(RunEvents.class);
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(RunListener l) {
        listeners.add(l);
    }

    public void unsubscribe(RunListener l) {
        listeners.remove(l);
    }

    void publish(Consumer<RunListener> event) {
        for (RunListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("run listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
