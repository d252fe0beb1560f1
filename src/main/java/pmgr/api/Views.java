package pmgr.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmgr.engine.ArgumentBinder;
import pmgr.engine.ArgumentInfo;
import pmgr.engine.Definition;
import pmgr.engine.Workflow;
import pmgr.engine.WorkflowInput;
import pmgr.model.ModelMethod;
import pmgr.model.ModelType;
import pmgr.store.ResourceVersion;
import pmgr.store.RunRecord;

/** The JSON shapes of the API and of {@code --json} output, built in one place. */
final class Views {
    private Views() {
    }

    static Map<String, Object> workflow(Workflow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", w.name());
        m.put("description", w.description());
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (WorkflowInput in : w.inputs()) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("name", in.name());
            i.put("type", in.type());
            i.put("required", in.required());
            i.put("default", in.defaultValue());
            i.put("description", in.description());
            i.put("pattern", in.pattern());
            i.put("enum", in.allowed());
            i.put("secret", in.secret());
            inputs.add(i);
        }
        m.put("inputs", inputs);
        m.put("lock", w.lock());
        m.put("steps", w.steps().stream().map(s -> Map.of("id", s.id(), "description", s.description())).toList());
        m.put("file", "routes/" + w.file().getFileName());
        return m;
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
        m.put("globalArguments", arguments(t.globalArguments()));
        m.put("resources", t.resources().stream().map(r -> Map.of("name", r.name(), "description", r.description(),
                "sensitive", r.sensitive().stream().sorted().toList())).toList());
        List<Map<String, Object>> methods = new ArrayList<>();
        for (ModelMethod<?> mm : t.methods()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", mm.name());
            x.put("description", mm.description());
            x.put("arguments", arguments(mm.arguments()));
            x.put("writes", mm.writes());
            methods.add(x);
        }
        m.put("methods", methods);
        return m;
    }

    private static List<Map<String, Object>> arguments(Class<? extends Record> record) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ArgumentInfo a : ArgumentBinder.describe(record)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.name());
            m.put("type", a.type());
            m.put("required", a.required());
            m.put("nullable", a.nullable());
            m.put("default", a.defaultValue());
            m.put("description", a.description());
            m.put("pattern", a.pattern());
            out.add(m);
        }
        return out;
    }

    static Map<String, Object> definition(Definition d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("type", d.type());
        m.put("description", d.description());
        m.put("file", "definitions/" + d.file().getFileName());
        m.put("globalArguments", d.globalArguments());
        Map<String, Object> methods = new LinkedHashMap<>();
        d.methodArguments().forEach((k, v) -> methods.put(k, Map.of("arguments", v)));
        m.put("methods", methods);
        return m;
    }

    static Map<String, Object> data(ResourceVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instance", v.instance());
        m.put("type", v.type());
        m.put("spec", v.spec());
        m.put("name", v.name());
        m.put("version", v.version());
        m.put("createdAt", v.createdAt());
        m.put("method", v.method());
        m.put("runId", v.runId());
        m.put("step", v.step());
        m.put("attributes", v.attributes());
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
