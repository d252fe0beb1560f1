package pmgr.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pmgr.common.Json;
import pmgr.common.Secrets;

/**
 * The record of every run: who started what, with which inputs, each step's outcome and every log
 * line. Text is masked before it is stored. Sequence numbers are allocated by the caller (the
 * process running the run), which is the only writer of that run.
 */
public final class RunLedger implements AutoCloseable {
    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String SKIPPED = "SKIPPED";
    /** A best-effort step that failed; the run went on. */
    public static final String WARNING = "WARNING";
    public static final String INTERRUPTED = "INTERRUPTED";

    private final Sql sql;
    private final LedgerWriter writer;

    public RunLedger(Sql sql, javax.sql.DataSource dataSource) {
        this.sql = sql;
        this.writer = new LedgerWriter(dataSource);
    }

    /** Queues a write for the ledger writer (group commit). */
    private void write(String statement, Map<String, Object> params) {
        writer.submit(() -> sql.update(statement, params));
    }

    @Override
    public void close() {
        writer.close();
    }

    public void createRun(String id, String kind, String target, String origin, Map<String, Object> inputs, Instant at) {
        sql.update("INSERT INTO runs (id, kind, target, origin, inputs, status, started_at) "
                        + "VALUES (:#id, :#kind, :#target, :#origin, :#inputs, :#status, :#at)",
                Map.of("id", id, "kind", kind, "target", target, "origin", Secrets.mask(origin),
                        "inputs", Secrets.mask(Json.write(Secrets.maskValue(inputs))), "status", RUNNING,
                        "at", at.toEpochMilli()));
    }

    public void finishRun(String id, String status, String error, Instant at) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("status", status);
        p.put("error", error == null ? null : Secrets.mask(error));
        p.put("at", at.toEpochMilli());
        write("UPDATE runs SET status = :#status, error = :#error, finished_at = :#at WHERE id = :#id", p);
    }

    public void startStep(String runId, int seq, String stepId, String description, Instant at) {
        Map<String, Object> p = new HashMap<>();
        p.put("run", runId);
        p.put("seq", seq);
        p.put("step", stepId);
        p.put("description", description);
        p.put("status", RUNNING);
        p.put("at", at.toEpochMilli());
        write("INSERT INTO run_steps (run_id, seq, step_id, description, status, started_at) "
                + "VALUES (:#run, :#seq, :#step, :#description, :#status, :#at)", p);
    }

    public void finishStep(String runId, int seq, String status, String error, Instant at) {
        Map<String, Object> p = new HashMap<>();
        p.put("run", runId);
        p.put("seq", seq);
        p.put("status", status);
        p.put("error", error == null ? null : Secrets.mask(error));
        p.put("at", at.toEpochMilli());
        write("UPDATE run_steps SET status = :#status, error = :#error, finished_at = :#at "
                + "WHERE run_id = :#run AND seq = :#seq", p);
    }

    /** A declared step that never ran, with the reason. */
    public void skipStep(String runId, int seq, String stepId, String description, String reason) {
        Map<String, Object> p = new HashMap<>();
        p.put("run", runId);
        p.put("seq", seq);
        p.put("step", stepId);
        p.put("description", description);
        p.put("status", SKIPPED);
        p.put("error", reason);
        write("INSERT INTO run_steps (run_id, seq, step_id, description, status, error) "
                + "VALUES (:#run, :#seq, :#step, :#description, :#status, :#error)", p);
    }

    public void log(String runId, int seq, Integer stepSeq, String source, String line, Instant at) {
        Map<String, Object> p = new HashMap<>();
        p.put("run", runId);
        p.put("seq", seq);
        p.put("stepSeq", stepSeq);
        p.put("source", source);
        p.put("line", Secrets.mask(line));
        p.put("at", at.toEpochMilli());
        write("INSERT INTO run_logs (run_id, seq, step_seq, source, logged_at, line) "
                + "VALUES (:#run, :#seq, :#stepSeq, :#source, :#at, :#line)", p);
    }

    /**
     * At start: runs (and their steps) left RUNNING by a process that died are INTERRUPTED. Only
     * runs started before this process booted are touched.
     */
    public int markInterrupted(Instant bootedAt) {
        Map<String, Object> p = Map.of("running", RUNNING, "interrupted", INTERRUPTED, "boot", bootedAt.toEpochMilli(),
                "now", System.currentTimeMillis(), "error", "interrupted: the process running it stopped before it finished");
        sql.update("UPDATE run_steps SET status = :#interrupted, finished_at = :#now WHERE status = :#running "
                + "AND run_id IN (SELECT id FROM runs WHERE status = :#running AND started_at < :#boot)", p);
        return sql.update("UPDATE runs SET status = :#interrupted, finished_at = :#now, error = :#error "
                + "WHERE status = :#running AND started_at < :#boot", p);
    }

    public Optional<RunRecord> get(String id) {
        writer.flush();
        List<Map<String, Object>> runs = sql.query("SELECT * FROM runs WHERE id = :#id", Map.of("id", id));
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        List<RunRecord.StepRecord> steps = new ArrayList<>();
        for (Map<String, Object> s : sql.query("SELECT * FROM run_steps WHERE run_id = :#id ORDER BY seq", Map.of("id", id))) {
            steps.add(new RunRecord.StepRecord(((Number) s.get("seq")).intValue(), (String) s.get("step_id"),
                    (String) s.get("description"), (String) s.get("status"), instant(s.get("started_at")),
                    instant(s.get("finished_at")), (String) s.get("error")));
        }
        List<RunRecord.LogLine> logs = new ArrayList<>();
        for (Map<String, Object> l : sql.query("SELECT * FROM run_logs WHERE run_id = :#id ORDER BY seq", Map.of("id", id))) {
            Object stepSeq = l.get("step_seq");
            logs.add(new RunRecord.LogLine(((Number) l.get("seq")).intValue(),
                    stepSeq == null ? null : ((Number) stepSeq).intValue(), (String) l.get("source"),
                    instant(l.get("logged_at")), (String) l.get("line")));
        }
        return Optional.of(summary(runs.get(0), steps, logs));
    }

    /** The newest runs first, without steps and logs. */
    public List<RunRecord> list(int limit, String target) {
        writer.flush();
        String where = target == null ? "" : " WHERE target = :#target";
        Map<String, Object> p = target == null ? Map.of() : Map.of("target", target);
        List<RunRecord> out = new ArrayList<>();
        for (Map<String, Object> r : sql.query("SELECT * FROM runs" + where
                + " ORDER BY started_at DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", p)) {
            out.add(summary(r, List.of(), List.of()));
        }
        return out;
    }

    private static RunRecord summary(Map<String, Object> r, List<RunRecord.StepRecord> steps, List<RunRecord.LogLine> logs) {
        return new RunRecord((String) r.get("id"), (String) r.get("kind"), (String) r.get("target"),
                (String) r.get("origin"), Json.readMap((String) r.get("inputs")), (String) r.get("status"),
                instant(r.get("started_at")), instant(r.get("finished_at")), (String) r.get("error"), steps, logs);
    }

    private static Instant instant(Object millis) {
        return millis == null ? null : Instant.ofEpochMilli(((Number) millis).longValue());
    }
}
