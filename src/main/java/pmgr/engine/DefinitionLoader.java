package pmgr.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import pmgr.cel.CelEngine;
import pmgr.cel.CelException;
import pmgr.cel.Template;
import pmgr.common.Values;
import pmgr.model.ModelMethod;
import pmgr.model.ModelType;

/**
 * Reads {@code definitions/*.yaml} and checks everything that can be checked before anything runs:
 * the type exists, every argument name is declared, literal values have the right type, every CEL
 * expression compiles, and every {@code model.<x>} it reads is defined. Each problem names the file
 * and the key. Per-method argument blocks are checked only for what they say, never for arguments
 * they leave to the caller, so one method's block cannot make another method unusable.
 * A command line run of one workflow compiles the expressions of the definitions it calls only (see
 * {@link WorkflowScope}): the others get every check but that one, and their expressions compile
 * when they are used; they read no inputs and nothing asks which definitions do.
 */
public final class DefinitionLoader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final Set<String> KEYS = Set.of("name", "type", "description", "globalArguments", "methods", "inputs");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ModelRegistry registry;
    private final CelEngine cel;

    public DefinitionLoader(ModelRegistry registry, CelEngine cel) {
        this.registry = registry;
        this.cel = cel;
    }

    public Definitions load(Path dir) {
        return load(dir, null);
    }

    /** {@code typeChecked}: the definitions whose expressions are compiled now; null for all. */
    public Definitions load(Path dir, Set<String> typeChecked) {
        List<String> problems = new ArrayList<>();
        List<Definition> loaded = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(DefinitionLoader::isDefinitionFile).sorted().toList()) {
                    Definition d = loadOne(f, problems, typeChecked == null || typeChecked.contains(baseName(f)));
                    if (d != null) {
                        loaded.add(d);
                    }
                }
            } catch (IOException e) {
                problems.add(dir + ": cannot list: " + e.getMessage());
            }
        }
        Map<String, Definition> byName = new LinkedHashMap<>();
        for (Definition d : loaded) {
            Definition previous = byName.putIfAbsent(d.name(), d);
            if (previous != null) {
                problems.add(show(d.file()) + ": name '" + d.name() + "' is already used by " + show(previous.file()));
            }
        }
        for (Definition d : loaded) {
            for (String ref : d.modelsRead()) {
                if (!byName.containsKey(ref)) {
                    problems.add(show(d.file()) + ": reads model." + ref + ", but no definition is named '" + ref
                            + "' (defined: " + String.join(", ", byName.keySet()) + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new StartupException("definitions are not valid", problems);
        }
        return new Definitions(loaded);
    }

    @SuppressWarnings("unchecked")
    /** A definition's name as its file gives it (the two must match). */
    public static String baseName(Path file) {
        return file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }

    /** The names of the definitions in {@code dir}, from their file names (none when it cannot be listed). */
    public static Set<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(DefinitionLoader::isDefinitionFile).map(DefinitionLoader::baseName).collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static boolean isDefinitionFile(Path p) {
        return p.toString().endsWith(".yaml") || p.toString().endsWith(".yml");
    }

    private Definition loadOne(Path file, List<String> problems, boolean typeCheck) {
        String where = show(file);
        Object root;
        try {
            root = Values.normalize(YAML.readValue(file.toFile(), Object.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            problems.add(where + ": not valid YAML" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + " (quote values that contain ': ')");
            return null;
        } catch (IOException e) {
            problems.add(where + ": cannot read: " + e.getMessage());
            return null;
        }
        if (!(root instanceof Map<?, ?> m)) {
            problems.add(where + ": must be a map with name, type and globalArguments");
            return null;
        }
        Map<String, Object> doc = (Map<String, Object>) m;
        for (String k : doc.keySet()) {
            if (!KEYS.contains(k)) {
                problems.add(where + ": unknown key '" + k + "' (allowed: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
        }
        String name = doc.get("name") instanceof String s ? s : null;
        String baseName = baseName(file);
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(where + ": name must be a letter followed by letters, digits, '_' or '-', got " + doc.get("name"));
        } else if (!name.equals(baseName)) {
            problems.add(where + ": name '" + name + "' must match the file name (" + baseName + ".yaml)");
        }
        String typeName = doc.get("type") instanceof String s ? s : null;
        ModelType type = typeName == null ? null : registry.get(typeName).orElse(null);
        if (type == null) {
            problems.add(where + ": type " + (typeName == null ? "is missing" : "'" + typeName + "' is unknown")
                    + " (known: " + String.join(", ", registry.all().stream().map(ModelType::type).toList()) + ")");
            return null;
        }
        Set<String> inputsRead = new TreeSet<>();
        Set<String> modelsRead = new TreeSet<>();
        // defaults that come from settings or data (${{ lab.ssh.port }}) are filled in first, so they are
        // checked, and later resolved, like templates written here
        Map<String, Object> globals = ArgumentBinder.withTemplateDefaults(type.globalArguments(),
                asMap(doc.get("globalArguments"), where + ": globalArguments", problems));
        checkArguments(where + ": globalArguments", type.globalArguments(), globals, problems, inputsRead, modelsRead, typeCheck);
        ArgumentBinder.missingRequired(type.globalArguments(), globals).forEach((argument, description) ->
                problems.add(where + ": globalArguments." + argument + " is required by " + type.type() + " (" + description + ")"));
        Map<String, Map<String, Object>> methods = new LinkedHashMap<>();
        Map<String, Object> methodBlocks = asMap(doc.get("methods"), where + ": methods", problems);
        for (Map.Entry<String, Object> e : methodBlocks.entrySet()) {
            String at = where + ": methods." + e.getKey();
            ModelMethod<?> method = type.method(e.getKey()).orElse(null);
            if (method == null) {
                problems.add(at + ": " + type.type() + " has no method '" + e.getKey() + "' (methods: "
                        + String.join(", ", type.methods().stream().map(ModelMethod::name).toList()) + ")");
                continue;
            }
            Map<String, Object> block = asMap(e.getValue(), at, problems);
            for (String k : block.keySet()) {
                if (!k.equals("arguments")) {
                    problems.add(at + ": unknown key '" + k + "' (allowed: arguments)");
                }
            }
            Map<String, Object> args = asMap(block.get("arguments"), at + ".arguments", problems);
            checkArguments(at + ".arguments", method.arguments(), args, problems, inputsRead, modelsRead, typeCheck);
            methods.put(e.getKey(), args);
        }
        for (ModelMethod<?> method : type.methods()) {
            Map<String, Object> filled = ArgumentBinder.withTemplateDefaults(method.arguments(), methods.getOrDefault(method.name(), Map.of()));
            if (!filled.isEmpty() && !filled.equals(methods.get(method.name()))) {
                checkArguments(where + ": " + method.name() + " argument defaults", method.arguments(), filled, problems, inputsRead, modelsRead, typeCheck);
                methods.put(method.name(), filled);
            }
        }
        // the inputs a definition declares are only asked of the workflows that use it, which are checked ones
        List<WorkflowInput> inputs = typeCheck ? declaredInputs(where, asMap(doc.get("inputs"), where + ": inputs", problems), type,
                globals, methods, inputsRead, problems) : List.of();
        if (name == null) {
            return null;
        }
        // returned even with problems (the load fails anyway), so its model references are checked too
        return new Definition(name, typeName, doc.get("description") instanceof String s ? s : "", globals, methods,
                file, inputsRead, modelsRead, inputs);
    }

    private void checkArguments(String at, Class<? extends Record> record, Map<String, Object> values,
                                List<String> problems, Set<String> inputsRead, Set<String> modelsRead, boolean typeCheck) {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            var component = ArgumentBinder.component(record, e.getKey());
            if (component.isPresent() && e.getValue() instanceof Map<?, ?> parts) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) parts;
                checkArguments(at + "." + e.getKey(), component.get(), typed, problems, inputsRead, modelsRead, typeCheck);
                continue;
            }
            List<String> expressions;
            try {
                expressions = Template.expressionsIn(e.getValue());
            } catch (CelException ex) {
                problems.add(at + "." + e.getKey() + ": " + ex.getMessage());
                continue;
            }
            if (expressions.isEmpty()) {
                String problem = ArgumentBinder.checkLiteral(record, e.getKey(), e.getValue());
                if (problem != null) {
                    problems.add(at + "." + e.getKey() + ": " + problem);
                }
                continue;
            }
            if (!ArgumentBinder.declares(record, e.getKey())) {
                problems.add(at + "." + e.getKey() + ": " + ArgumentBinder.checkLiteral(record, e.getKey(), null));
                continue;
            }
            if (!typeCheck) {
                continue; // its expressions compile when they are used
            }
            for (String expression : expressions) {
                try {
                    CelEngine.Compiled c = cel.compile(expression);
                    inputsRead.addAll(c.inputs());
                    modelsRead.addAll(c.models());
                } catch (CelException ex) {
                    problems.add(at + "." + e.getKey() + ": " + ex.getMessage());
                }
            }
        }
    }

    /**
     * The run inputs a definition declares for the workflows that drive it. An input that feeds an
     * argument as exactly {@code ${{ inputs.<name> }}} takes that argument's type, pattern and
     * description unless it says its own, so its rule is written once, in the model type.
     */
    private List<WorkflowInput> declaredInputs(String where, Map<String, Object> declared, ModelType type, Map<String, Object> globals,
                                               Map<String, Map<String, Object>> methods, Set<String> inputsRead, List<String> problems) {
        List<WorkflowInput> out = new ArrayList<>();
        declared.forEach((input, spec) -> {
            String at = where + ": inputs." + input;
            if (!inputsRead.contains(input)) {
                problems.add(at + ": the definition never reads inputs." + input);
                return;
            }
            if (!(spec instanceof Map<?, ?> given)) {
                problems.add(at + " must be a map (type, required, default, description, pattern...)");
                return;
            }
            Map<String, Object> full = new LinkedHashMap<>();
            given.forEach((k, v) -> full.put(String.valueOf(k), v));
            fedArgument(input, type.globalArguments(), globals).or(() -> type.methods().stream()
                    .flatMap(m -> fedArgument(input, m.arguments(), methods.getOrDefault(m.name(), Map.of())).stream()).findFirst())
                    .ifPresent(arg -> {
                        if (WorkflowInput.TYPES.contains(arg.type())) {
                            full.putIfAbsent("type", arg.type());
                        }
                        if (arg.pattern() != null) {
                            full.putIfAbsent("pattern", arg.pattern());
                            if (arg.patternHint() != null) {
                                full.putIfAbsent("patternHint", arg.patternHint());
                            }
                        }
                        full.putIfAbsent("description", arg.description());
                    });
            WorkflowInput in = WorkflowFile.input(at, input, full, cel, problems);
            if (in != null) {
                out.add(in);
            }
        });
        return List.copyOf(out);
    }

    /** The argument whose value is exactly {@code ${{ inputs.<input> }}} (components included). */
    private static Optional<ArgumentInfo> fedArgument(String input, Class<? extends Record> record, Map<String, Object> values) {
        String feeding = "${{ inputs." + input + " }}";
        for (ArgumentInfo arg : ArgumentBinder.describe(record)) {
            Object v = values.get(arg.name());
            var component = ArgumentBinder.component(record, arg.name());
            if (component.isPresent() && v instanceof Map<?, ?> parts) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) parts;
                Optional<ArgumentInfo> inside = fedArgument(input, component.get(), typed);
                if (inside.isPresent()) {
                    return inside;
                }
            } else if (v instanceof String text && text.strip().equals(feeding)) {
                return Optional.of(arg);
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, String at, List<String> problems) {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (value instanceof Map<?, ?> m) {
            return new LinkedHashMap<>((Map<String, Object>) m);
        }
        problems.add(at + " must be a map, got " + Values.describe(value));
        return new LinkedHashMap<>();
    }

    private static String show(Path file) {
        Path parent = file.getParent();
        return (parent == null ? "" : parent.getFileName() + "/") + file.getFileName();
    }
}
