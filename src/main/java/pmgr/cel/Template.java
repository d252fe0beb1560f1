package pmgr.cel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pmgr.common.Json;

/**
 * Text with {@code ${{ CEL }}} expressions, as written in definitions. A value that is exactly one
 * expression keeps the expression's type (number, bool, map, list, null); text around or between
 * expressions makes the result a string (null as empty text, maps and lists as JSON).
 */
public final class Template {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{(.*?)}}", Pattern.DOTALL);

    private final String text;
    private final List<Object> parts; // String literal or Expr
    private final boolean single;

    private record Expr(String cel) {
    }

    private Template(String text, List<Object> parts, boolean single) {
        this.text = text;
        this.parts = parts;
        this.single = single;
    }

    public static boolean hasExpressions(String text) {
        return text.contains("${{");
    }

    private static final Map<String, Template> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    public static Template parse(String text) {
        Template t = PARSED.get(text);
        if (t == null) {
            t = doParse(text);
            PARSED.put(text, t);
        }
        return t;
    }

    private static Template doParse(String text) {
        List<Object> parts = new ArrayList<>();
        Matcher m = EXPRESSION.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(text.substring(at, m.start()));
            }
            String cel = m.group(1).trim();
            if (cel.isEmpty()) {
                throw new CelException("empty ${{ }} in '" + text + "'");
            }
            parts.add(new Expr(cel));
            at = m.end();
        }
        if (at < text.length()) {
            parts.add(text.substring(at));
        }
        String rest = EXPRESSION.matcher(text).replaceAll("");
        if (rest.contains("${{")) {
            throw new CelException("unclosed ${{ in '" + text + "'");
        }
        boolean single = parts.stream().filter(p -> p instanceof Expr).count() == 1
                && parts.stream().allMatch(p -> p instanceof Expr || ((String) p).isBlank());
        return new Template(text, parts, single);
    }

    /** The CEL expressions in this template. */
    public List<String> expressions() {
        return parts.stream().filter(p -> p instanceof Expr).map(p -> ((Expr) p).cel()).toList();
    }

    public Object evaluate(CelEngine cel, Bindings bindings) {
        if (single) {
            return cel.evaluate(expressions().get(0), bindings);
        }
        StringBuilder out = new StringBuilder();
        for (Object p : parts) {
            out.append(p instanceof Expr e ? asText(cel.evaluate(e.cel(), bindings)) : (String) p);
        }
        return out.toString();
    }

    private static String asText(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Map || v instanceof List) {
            return Json.write(v);
        }
        return v.toString();
    }

    public String text() {
        return text;
    }

    /** Every expression inside a YAML value (text, or maps and lists holding text). */
    public static List<String> expressionsIn(Object value) {
        List<String> out = new ArrayList<>();
        collect(value, out);
        return out;
    }

    private static void collect(Object value, List<String> out) {
        if (value instanceof String s && hasExpressions(s)) {
            out.addAll(parse(s).expressions());
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> collect(v, out));
        } else if (value instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        }
    }

    /** Resolves every template inside a YAML value; values without expressions pass unchanged. */
    public static Object resolve(Object value, CelEngine cel, Bindings bindings) {
        if (value instanceof String s && hasExpressions(s)) {
            return parse(s).evaluate(cel, bindings);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, cel, bindings)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(resolve(v, cel, bindings)));
            return out;
        }
        return value;
    }
}
