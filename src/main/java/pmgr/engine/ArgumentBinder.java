package pmgr.engine;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import pmgr.common.Secrets;
import pmgr.common.Values;
import pmgr.model.Arg;
import pmgr.model.Nullable;

/**
 * Binds loosely typed values (YAML, CEL results, command-line text) to a typed argument record:
 * applies defaults, converts text to numbers and booleans, checks required fields, patterns and
 * ranges, and rejects unknown names - reporting every problem with the argument's name and rule.
 */
public final class ArgumentBinder {
    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private ArgumentBinder() {
    }

    /** The record's arguments, for descriptions and load-time checks. */
    public static List<ArgumentInfo> describe(Class<? extends Record> type) {
        return shape(type).fields.stream().map(Field::info).toList();
    }

    public static boolean declares(Class<? extends Record> type, String name) {
        return shape(type).byName.containsKey(name);
    }

    /** The record an argument is made of, when it is a component (e.g. {@code ssh}: an SSH connection). */
    public static Optional<Class<? extends Record>> component(Class<? extends Record> type, String name) {
        Field f = shape(type).byName.get(name);
        return f == null ? Optional.empty() : Optional.ofNullable(f.component);
    }

    /**
     * The values with each absent argument whose default is a template (e.g. {@code ${{ lab.ssh.port }}})
     * filled in with that template, components included, so the template is checked and resolved
     * like one written in the definition. The result is a new map.
     */
    public static Map<String, Object> withTemplateDefaults(Class<? extends Record> type, Map<String, ?> values) {
        Map<String, Object> out = new LinkedHashMap<>(values);
        for (Field f : shape(type).fields) {
            Object given = out.get(f.name);
            if (f.component != null && given == null && f.nullable) {
                continue; // an optional block left out stays out (null)
            }
            if (f.component != null && (given == null || given instanceof Map)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> parts = given == null ? Map.of() : (Map<String, Object>) given;
                Map<String, Object> filled = withTemplateDefaults(f.component, parts);
                if (!filled.isEmpty()) {
                    out.put(f.name, filled);
                }
            } else if (given == null && f.templateDefault() && !out.containsKey(f.name)) {
                out.put(f.name, f.arg.defaultValue());
            }
        }
        return out;
    }

    /** Required arguments missing from the values: dotted name (components included) to description. */
    public static Map<String, String> missingRequired(Class<? extends Record> type, Map<String, ?> values) {
        Map<String, String> missing = new LinkedHashMap<>();
        for (Field f : shape(type).fields) {
            Object given = values.get(f.name);
            if (f.component != null && given == null && f.nullable) {
                continue;
            }
            if (f.component != null) {
                Map<?, ?> parts = given instanceof Map<?, ?> m ? m : Map.of();
                @SuppressWarnings("unchecked")
                Map<String, ?> typed = (Map<String, ?>) parts;
                missingRequired(f.component, typed).forEach((m, d) -> missing.put(f.name + "." + m, d));
            } else if (given == null && f.info().required()) {
                missing.put(f.name, f.arg.description());
            }
        }
        return missing;
    }

    /**
     * Binds values to the record. {@code context} names what is being bound in error messages,
     * e.g. {@code "fleet.start arguments"}.
     */
    public static <R extends Record> R bind(Class<R> type, Map<String, ?> values, String context) {
        Shape shape = shape(type);
        List<String> problems = new ArrayList<>();
        for (String key : values.keySet()) {
            if (!shape.byName.containsKey(key)) {
                problems.add(unknown(key, shape));
            }
        }
        Object[] args = new Object[shape.fields.size()];
        for (int i = 0; i < args.length; i++) {
            Field f = shape.fields.get(i);
            try {
                args[i] = f.resolve(values.get(f.name));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ArgumentException(context, problems);
        }
        try {
            return type.cast(shape.constructor.newInstance(args));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException) {
                throw new ArgumentException(context, List.of(cause.getMessage()));
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName() + ": " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    /**
     * Checks one literal value written in a definition: the name must be declared and the value
     * must convert to its type. Returns the problem, or null when it is fine.
     */
    public static String checkLiteral(Class<? extends Record> type, String name, Object value) {
        Shape shape = shape(type);
        Field f = shape.byName.get(name);
        if (f == null) {
            return unknown(name, shape);
        }
        if (value == null) {
            return null; // absent: required-ness is checked when the method is called
        }
        try {
            f.resolve(value);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String unknown(String key, Shape shape) {
        return "unknown argument '" + key + "' (known: "
                + (shape.byName.isEmpty() ? "none" : String.join(", ", shape.byName.keySet())) + ")";
    }

    private static Shape shape(Class<?> type) {
        return SHAPES.computeIfAbsent(type, Shape::new);
    }

    private static final class Shape {
        final List<Field> fields = new ArrayList<>();
        final Map<String, Field> byName = new LinkedHashMap<>();
        final Constructor<?> constructor;

        Shape(Class<?> type) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            RecordComponent[] components = type.getRecordComponents();
            for (RecordComponent c : components) {
                Field f = new Field(c);
                fields.add(f);
                byName.put(f.name, f);
            }
            try {
                constructor = type.getDeclaredConstructor(
                        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
                constructor.setAccessible(true);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class Field {
        final String name;
        final Class<?> type;
        final Type genericType;
        final Arg arg;
        final boolean nullable;
        final Object defaultValue;
        final Pattern pattern;
        /** Set when the argument is itself a record of arguments (bound from a map). */
        final Class<? extends Record> component;

        @SuppressWarnings("unchecked")
        Field(RecordComponent c) {
            name = c.getName();
            type = c.getType();
            genericType = c.getGenericType();
            arg = c.getAnnotation(Arg.class);
            if (arg == null) {
                throw new IllegalStateException(c.getDeclaringRecord().getName() + "." + name + " has no @Arg");
            }
            nullable = c.isAnnotationPresent(Nullable.class);
            if (nullable && type.isPrimitive()) {
                throw new IllegalStateException(c.getDeclaringRecord().getName() + "." + name
                        + " is @Nullable but primitive");
            }
            pattern = arg.pattern().isEmpty() ? null : Pattern.compile(arg.pattern());
            component = type.isRecord() ? (Class<? extends Record>) type : null;
            defaultValue = Arg.NO_DEFAULT.equals(arg.defaultValue()) || templateDefault() || component != null
                    ? null : convert(arg.defaultValue());
        }

        boolean hasDefault() {
            return !Arg.NO_DEFAULT.equals(arg.defaultValue());
        }

        /** A default computed from settings or data ({@code ${{ lab.ssh.port }}}), filled in where definitions load. */
        boolean templateDefault() {
            return hasDefault() && pmgr.cel.Template.hasExpressions(arg.defaultValue());
        }

        ArgumentInfo info() {
            return new ArgumentInfo(name, typeName(), component == null && !hasDefault() && !nullable,
                    templateDefault() ? arg.defaultValue() : defaultValue, nullable,
                    arg.description(), arg.pattern().isEmpty() ? null : arg.pattern(),
                    arg.patternHint().isEmpty() ? null : arg.patternHint());
        }

        String typeName() {
            if (type == String.class) {
                return "string";
            }
            if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
                return "integer";
            }
            if (type == double.class || type == Double.class) {
                return "number";
            }
            if (type == boolean.class || type == Boolean.class) {
                return "boolean";
            }
            if (List.class.isAssignableFrom(type)) {
                return "list";
            }
            if (Map.class.isAssignableFrom(type)) {
                return "map";
            }
            if (type.isEnum()) {
                return "one of " + Arrays.toString(type.getEnumConstants());
            }
            return type.getSimpleName();
        }

        Object resolve(Object raw) {
            if (component != null && raw == null && nullable) {
                return null;
            }
            if (component != null) {
                return bindComponent(raw);
            }
            if (raw == null) {
                if (hasDefault() && !templateDefault()) {
                    return defaultValue;
                }
                if (nullable) {
                    return null;
                }
                throw new IllegalArgumentException("argument '" + name + "' is required (" + arg.description() + ")");
            }
            Object value = convert(raw);
            if (value instanceof String s) {
                if (pattern != null && !pattern.matcher(s).matches()) {
                    String hint = arg.patternHint().isEmpty() ? "pattern " + arg.pattern() : arg.patternHint();
                    throw new IllegalArgumentException("argument '" + name + "' must be " + hint + ", got '" + s + "'");
                }
                if (arg.secret()) {
                    Secrets.register(s);
                }
            }
            if (value instanceof Number n && (n.longValue() < arg.min() || n.longValue() > arg.max())) {
                throw new IllegalArgumentException("argument '" + name + "' must be between " + arg.min()
                        + " and " + arg.max() + ", got " + n);
            }
            return value;
        }

        /** A component from its map of parts; its problems are named {@code <component>.<part>}. */
        private Object bindComponent(Object raw) {
            if (raw != null && !(raw instanceof Map)) {
                throw new IllegalArgumentException("argument '" + name + "' must be a map of " + describe(component).stream()
                        .map(ArgumentInfo::name).toList() + ", got " + Values.describe(raw));
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> parts = raw == null ? Map.of() : (Map<String, ?>) raw;
            try {
                return bind(component, parts, name);
            } catch (ArgumentException e) {
                throw new IllegalArgumentException(String.join("; ", e.problems().stream()
                        .map(p -> p.replace("argument '", "argument '" + name + ".")).toList()));
            }
        }

        Object convert(Object raw) {
            Object v = Values.convert(raw, type, elementType(), "argument '" + name + "'");
            return v;
        }

        private Class<?> elementType() {
            if (genericType instanceof ParameterizedType p && List.class.isAssignableFrom(type)) {
                Type t = p.getActualTypeArguments()[0];
                return t instanceof Class<?> c ? c : Object.class;
            }
            return Object.class;
        }
    }
}
