package pmgr.engine;

import java.time.Instant;

/** The step an exchange is in (steps nest; a parallel branch keeps its parent's frame). */
record StepFrame(int seq, String stepId, Instant startedAt, StepFrame parent) {
    static final String PROPERTY = "pmgr.step";
}
