package pmgr.sandbox.discord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.hooks.EventListener;

/** Keeps every event JDA fires, so a test can wait for one that came before or after it started waiting. */
final class JdaEvents implements EventListener {
    private final List<GenericEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(GenericEvent event) {
        events.add(event);
        notifyAll();
    }

    synchronized <T extends GenericEvent> T await(Class<T> type, Predicate<T> match, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < events.size(); checked++) {
                GenericEvent event = events.get(checked);
                if (type.isInstance(event) && match.test(type.cast(event))) {
                    return type.cast(event);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("JDA fired no matching " + type.getSimpleName() + " within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
