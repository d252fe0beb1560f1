package pmgr.testing;

import java.time.Duration;
import java.util.Optional;
import pmgr.common.Poll;

/** Waits in tests: until a condition holds, failing with what it waited for once the bound passes. */
public final class Eventually {
    private Eventually() {
    }

    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    public static void await(String what, Duration bound, Condition condition) throws InterruptedException {
        Optional<Boolean> held = Poll.within(bound, Duration.ofMillis(100)).until(() -> {
            try {
                return condition.holds() ? Optional.of(true) : Optional.empty();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError("while waiting for " + what + ": " + e, e);
            }
        });
        if (held.isEmpty()) {
            throw new AssertionError("waited " + bound.toSeconds() + " s for " + what);
        }
    }
}
