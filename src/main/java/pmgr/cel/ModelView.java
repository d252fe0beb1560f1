package pmgr.cel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pmgr.store.ResourceVersion;

/**
 * The {@code model} variable: {@code model.<instance>.resource.<spec>.<name>} is the latest stored
 * version of that resource ({@code attributes}, {@code version}, {@code createdAt}...). Data is read
 * from the store when an expression touches it.
 */
final class ModelView extends CelMap {
    private final CelSources sources;

    ModelView(CelSources sources) {
        super("model", v -> sources.store().reveal(v));
        this.sources = sources;
    }

    @Override
    Object lookup(String instance) {
        return sources.specs(instance).isPresent() ? new Instance(child(instance), instance) : MISSING;
    }

    @Override
    List<String> keys() {
        return sources.instances();
    }

    private final class Instance extends CelMap {
        private final String instance;

        Instance(CelMap.Path path, String instance) {
            super(path, ModelView.this.reveal);
            this.instance = instance;
        }

        @Override
        Object lookup(String key) {
            return switch (key) {
                case "name" -> instance;
                case "resource" -> new Resources(child("resource"), instance);
                default -> MISSING;
            };
        }

        @Override
        List<String> keys() {
            return List.of("name", "resource");
        }
    }

    private final class Resources extends CelMap {
        private final String instance;

        Resources(CelMap.Path path, String instance) {
            super(path, ModelView.this.reveal);
            this.instance = instance;
        }

        @Override
        Object lookup(String spec) {
            return sources.specs(instance).orElse(List.of()).contains(spec) ? new Spec(child(spec), instance, spec) : MISSING;
        }

        @Override
        List<String> keys() {
            return sources.specs(instance).orElse(List.of());
        }
    }

    private final class Spec extends CelMap {
        private final String instance;
        private final String spec;

        Spec(CelMap.Path path, String instance, String spec) {
            super(path, ModelView.this.reveal);
            this.instance = instance;
            this.spec = spec;
        }

        /** Resource names print as {@code vm["allthemons"]}, the way definitions write them. */
        @Override
        CelMap.Path child(String name) {
            return new CelMap.Path(this, "[\"" + name + "\"]");
        }

        @Override
        Object lookup(String name) {
            Optional<ResourceVersion> v = sources.store().latest(instance, spec, name);
            return v.isPresent() ? record(v.get()) : MISSING;
        }

        @Override
        List<String> keys() {
            return sources.store().names(instance, spec);
        }
    }

    static Map<String, Object> record(ResourceVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("spec", v.spec());
        m.put("version", (long) v.version());
        m.put("attributes", v.attributes());
        m.put("createdAt", v.createdAt().toString());
        m.put("method", v.method());
        m.put("runId", v.runId());
        m.put("step", v.step());
        return m;
    }
}
