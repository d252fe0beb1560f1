package pmgr.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import pmgr.model.ModelMethod;
import pmgr.model.ModelType;

/** The model types this process knows, by type name. Loaded from {@code META-INF/services}. */
public final class ModelRegistry {
    private static final Pattern TYPE_NAME = Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)+");
    private static final Pattern CALVER = Pattern.compile("\\d{4}\\.\\d{2}\\.\\d{2}\\.\\d+");
    private static final Pattern METHOD_NAME = Pattern.compile("[a-z][A-Za-z0-9]*");

    private final Map<String, ModelType> types = new TreeMap<>();

    public static ModelRegistry load(Collection<ModelType> extra) {
        ModelRegistry r = new ModelRegistry();
        for (ModelType t : ServiceLoader.load(ModelType.class)) {
            r.add(t);
        }
        extra.forEach(r::add);
        return r;
    }

    public void add(ModelType t) {
        List<String> problems = check(t);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("model type " + t.getClass().getName() + " is invalid: " + String.join("; ", problems));
        }
        if (types.putIfAbsent(t.type(), t) != null && types.get(t.type()).getClass() != t.getClass()) {
            throw new IllegalStateException("model type " + t.type() + " is registered twice");
        }
    }

    private static List<String> check(ModelType t) {
        List<String> problems = new ArrayList<>();
        if (t.type() == null || !TYPE_NAME.matcher(t.type()).matches()) {
            problems.add("type name '" + t.type() + "' must look like area/kind (lower case)");
        }
        if (t.version() == null || !CALVER.matcher(t.version()).matches()) {
            problems.add("version '" + t.version() + "' must be CalVer YYYY.MM.DD.MICRO");
        }
        ArgumentBinder.describe(t.globalArguments());
        Set<String> specs = new HashSet<>();
        t.resources().forEach(r -> specs.add(r.name()));
        Set<String> names = new HashSet<>();
        for (ModelMethod<?> m : t.methods()) {
            if (!METHOD_NAME.matcher(m.name()).matches()) {
                problems.add("method name '" + m.name() + "' must be lowerCamelCase");
            }
            if (!names.add(m.name())) {
                problems.add("method '" + m.name() + "' is declared twice");
            }
            for (String w : m.writes()) {
                if (!specs.contains(w)) {
                    problems.add("method '" + m.name() + "' writes undeclared resource spec '" + w + "'");
                }
            }
            ArgumentBinder.describe(m.arguments());
        }
        return problems;
    }

    public Optional<ModelType> get(String type) {
        return Optional.ofNullable(types.get(type));
    }

    public Collection<ModelType> all() {
        return types.values();
    }
}
