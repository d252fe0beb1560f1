package pmgr.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A stored run with its steps and log lines. */
public record RunRecord(String id, String kind, String target, String origin, Map<String, Object> inputs,
                        String status, Instant startedAt, Instant finishedAt, String error,
                        List<StepRecord> steps, List<LogLine> logs) {

    public record StepRecord(int seq, String stepId, String description, String status, Instant startedAt,
                             Instant finishedAt, String error) {
    }

    public record LogLine(int seq, Integer stepSeq, String source, Instant at, String line) {
    }

    public boolean finished() {
        return !"RUNNING".equals(status);
    }
}
