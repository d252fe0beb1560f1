package pmgr.engine;

import java.time.Duration;

/**
 * Hears what runs do as it happens (the Discord bot shows live progress with it). Called on the
 * run's own threads: keep it quick and never throw.
 */
public interface RunListener {
    default void runStarted(RunContext run) {
    }

    default void stepStarted(RunContext run, int seq, String stepId, String description) {
    }

    default void stepFinished(RunContext run, int seq, String stepId, String status, String error, Duration took) {
    }

    default void logged(RunContext run, Integer stepSeq, String source, String line) {
    }

    default void runFinished(RunContext run, String status, String error) {
    }
}
