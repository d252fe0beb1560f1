package pmgr.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmgr.engine.ArgumentBinder;
import pmgr.model.ModelMethod;
import pmgr.model.ModelType;
import pmgr.store.ResourceVersion;
import pmgr.store.RunRecord;

/**
 * The JSON shapes of the API and of {@code --json} output that are worked out rather than copied:
 * a run's durations and each step's own log lines, a model type's declared arguments, a version
 * list's entries. Workflows, definitions, arguments and data are the records themselves.
 */
final class Views {
    private Views() {
    }

    static Map<String, Object> run(RunRecord r) {
        Map<String, Object> m = runSummary(r);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (RunRecord.StepRecord s : r.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("seq", s.seq());
            step.put("id", s.stepId());
            step.put("description", s.description());
            step.put("status", s.status());
            step.put("startedAt", s.startedAt());
            step.put("finishedAt", s.finishedAt());
            step.put("durationMs", millis(s.startedAt(), s.finishedAt()));
            step.put("error", s.error());
            step.put("logs", r.logs().stream().filter(l -> l.stepSeq() != null && l.stepSeq() == s.seq())
                    .map(Views::log).toList());
            steps.add(step);
        }
        m.put("steps", steps);
        m.put("logs", r.logs().stream().filter(l -> l.stepSeq() == null).map(Views::log).toList());
        return m;
    }

    static Map<String, Object> runSummary(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("kind", r.kind());
        m.put("target", r.target());
        m.put("origin", r.origin());
        m.put("status", r.status());
        m.put("inputs", r.inputs());
        m.put("startedAt", r.startedAt());
        m.put("finishedAt", r.finishedAt());
        m.put("durationMs", millis(r.startedAt(), r.finishedAt()));
        m.put("error", r.error());
        return m;
    }

    private static Map<String, Object> log(RunRecord.LogLine l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", l.seq());
        m.put("at", l.at());
        m.put("source", l.source());
        m.put("line", l.line());
        return m;
    }

    private static Long millis(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toMillis();
    }

    static Map<String, Object> modelType(ModelType t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", t.type());
        m.put("version", t.version());
        m.put("description", t.description());
        m.put("globalArguments", ArgumentBinder.describe(t.globalArguments()));
        m.put("resources", t.resources().stream().map(r -> Map.of("name", r.name(), "description", r.description(),
                "sensitive", r.sensitive().stream().sorted().toList())).toList());
        List<Map<String, Object>> methods = new ArrayList<>();
        for (ModelMethod<?> mm : t.methods()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", mm.name());
            x.put("description", mm.description());
            x.put("arguments", ArgumentBinder.describe(mm.arguments()));
            x.put("writes", mm.writes());
            methods.add(x);
        }
        m.put("methods", methods);
        return m;
    }

    static Map<String, Object> versionEntry(ResourceVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("createdAt", v.createdAt());
        m.put("method", v.method());
        m.put("runId", v.runId());
        m.put("step", v.step());
        return m;
    }
}
