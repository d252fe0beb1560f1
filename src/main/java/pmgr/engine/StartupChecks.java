package pmgr.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmgr.cel.Bindings;
import pmgr.cel.CelEngine;
import pmgr.cel.Template;
import pmgr.model.ModelType;

/**
 * Asks each model type what deserves a warning at start, given the global arguments that can be
 * resolved without a run (literals, {@code lab}, the vault). Arguments that need a run's inputs or
 * data are left out, silently.
 */
final class StartupChecks {
    private StartupChecks() {
    }

    /** {@code only}: the definitions a command line run calls (its warnings are about those); null for all. */
    static List<String> warnings(Definitions definitions, java.util.Set<String> only, ModelRegistry registry, CelEngine cel) {
        List<String> out = new ArrayList<>();
        for (Definition d : definitions.all()) {
            if (only != null && !only.contains(d.name())) {
                continue;
            }
            ModelType type = registry.get(d.type()).orElseThrow();
            Bindings bindings = cel.bindings();
            Map<String, Object> resolved = resolvable(d.globalArguments(), cel, bindings);
            out.addAll(type.startupWarnings(d.name(), resolved));
        }
        return out;
    }

    /** What resolves now, part by part (a component keeps the parts that do). */
    private static Map<String, Object> resolvable(Map<String, Object> values, CelEngine cel, Bindings bindings) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v instanceof Map<?, ?> parts) {
                Map<String, Object> typed = new LinkedHashMap<>();
                parts.forEach((pk, pv) -> typed.put(String.valueOf(pk), pv));
                resolved.put(k, resolvable(typed, cel, bindings));
                return;
            }
            try {
                resolved.put(k, Template.resolve(v, cel, bindings));
            } catch (RuntimeException needsARun) {
                // depends on inputs or data: not knowable now
            }
        });
        return resolved;
    }
}
