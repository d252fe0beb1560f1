package pmgr.sandbox.proxmox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parameters one endpoint accepts, checked the way PVE's JSON-schema layer does it:
 * every violation is collected into one 400 with a text per parameter.
 */
final class ParamSchema {
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern NUMBER = Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern DNS_NAME = Pattern.compile(
            "[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*");

    enum Type { BOOLEAN, INTEGER, NUMBER, STRING, DNS_NAME }

    /** One parameter's type and bounds; enumValues non-empty makes it an enum. */
    record Param(Type type, Long min, Long max, List<String> enumValues) {
        static Param of(Type type) {
            return new Param(type, null, null, List.of());
        }

        static Param integer(Long min, Long max) {
            return new Param(Type.INTEGER, min, max, List.of());
        }

        static Param oneOf(String... values) {
            return new Param(Type.STRING, null, null, List.of(values));
        }
    }

    /** Indexed option families such as net0..net31. */
    private record Family(String prefix, int maxIndex, Param param) {
    }

    private final Map<String, Param> params;
    private final List<Family> families;
    private final Set<String> required;

    private ParamSchema(Map<String, Param> params, List<Family> families, Set<String> required) {
        this.params = params;
        this.families = families;
        this.required = required;
    }

    static Builder builder() {
        return new Builder();
    }

    boolean isBoolean(String name) {
        Param p = lookup(name);
        return p != null && p.type() == Type.BOOLEAN;
    }

    Param lookup(String name) {
        Param p = params.get(name);
        if (p != null) {
            return p;
        }
        for (Family f : families) {
            if (name.startsWith(f.prefix())) {
                String index = name.substring(f.prefix().length());
                if (index.matches("\\d{1,3}") && (index.equals("0") || !index.startsWith("0"))
                        && Integer.parseInt(index) <= f.maxIndex()) {
                    return f.param();
                }
            }
        }
        return null;
    }

    /** Returns the parameters without the cache buster, or throws the collected 400. */
    Map<String, String> validate(Map<String, String> given) {
        Map<String, String> clean = new LinkedHashMap<>(given);
        clean.remove("_dc");
        Map<String, String> errors = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : clean.entrySet()) {
            Param p = lookup(e.getKey());
            String problem = p == null
                    ? "property is not defined in schema and the schema does not allow additional properties"
                    : check(p, e.getValue());
            if (problem != null) {
                errors.put(e.getKey(), problem);
            }
        }
        for (String name : required) {
            if (!clean.containsKey(name)) {
                errors.put(name, "property is missing and it is not optional");
            }
        }
        if (!errors.isEmpty()) {
            throw ApiError.params(errors);
        }
        return clean;
    }

    private static String check(Param p, String value) {
        switch (p.type()) {
            case BOOLEAN:
                return value.equals("0") || value.equals("1") ? null : "type check ('boolean') failed - got '" + value + "'";
            case INTEGER:
                if (!INTEGER.matcher(value).matches()) {
                    return "type check ('integer') failed - got '" + value + "'";
                }
                return range(p, Double.parseDouble(value));
            case NUMBER:
                if (!NUMBER.matcher(value).matches()) {
                    return "type check ('number') failed - got '" + value + "'";
                }
                return range(p, Double.parseDouble(value));
            case DNS_NAME:
                return DNS_NAME.matcher(value).matches() ? null
                        : "invalid format - value does not look like a valid DNS name";
            default:
                if (!p.enumValues().isEmpty() && !p.enumValues().contains(value)) {
                    return "value '" + value + "' does not have a value in the enumeration '"
                            + String.join(", ", p.enumValues()) + "'";
                }
                return null;
        }
    }

    private static String range(Param p, double value) {
        if (p.min() != null && value < p.min()) {
            return "value must have a minimum value of " + p.min();
        }
        if (p.max() != null && value > p.max()) {
            return "value must have a maximum value of " + p.max();
        }
        return null;
    }

    static final class Builder {
        private final Map<String, Param> params = new LinkedHashMap<>();
        private final List<Family> families = new ArrayList<>();
        private final Set<String> required = new LinkedHashSet<>();

        Builder add(String name, Param param) {
            params.put(name, param);
            return this;
        }

        Builder bool(String... names) {
            for (String n : names) {
                add(n, Param.of(Type.BOOLEAN));
            }
            return this;
        }

        Builder string(String... names) {
            for (String n : names) {
                add(n, Param.of(Type.STRING));
            }
            return this;
        }

        Builder integer(String name, Long min, Long max) {
            return add(name, Param.integer(min, max));
        }

        Builder family(String prefix, int maxIndex) {
            families.add(new Family(prefix, maxIndex, Param.of(Type.STRING)));
            return this;
        }

        Builder required(String name) {
            required.add(name);
            return this;
        }

        Builder addAll(ParamSchema other) {
            params.putAll(other.params);
            families.addAll(other.families);
            required.addAll(other.required);
            return this;
        }

        ParamSchema build() {
            return new ParamSchema(Map.copyOf(params), List.copyOf(families), Set.copyOf(required));
        }
    }
}
