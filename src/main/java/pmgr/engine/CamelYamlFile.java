package pmgr.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import pmgr.common.Values;

/**
 * A Camel YAML file that may carry pmgr's own items beside Camel's ({@code - workflow:} in
 * {@code routes/}, {@code - commands:} and {@code - game:} in {@code bot/}). Those items are read here
 * and turned into comment lines before Camel reads the file, so Camel's error messages keep the
 * file's line numbers.
 */
public final class CamelYamlFile {
    public final Path file;
    /** How problems name the file, e.g. "routes/start-vm.yaml". */
    public final String where;
    /** The text Camel reads: the original with pmgr's items commented out. */
    public final String camelText;
    /** Route ids declared in the file, in order. */
    public final List<String> routeIds;
    /** pmgr's items by key, each the item's value (a map); absent keys have no entry. */
    public final Map<String, List<Map<String, Object>>> headers;

    private CamelYamlFile(Path file, String where, String camelText, List<String> routeIds,
                          Map<String, List<Map<String, Object>>> headers) {
        this.file = file;
        this.where = where;
        this.camelText = camelText;
        this.routeIds = routeIds;
        this.headers = headers;
    }

    /** Whether anything is left for Camel once pmgr's items are taken out (Camel refuses an empty file). */
    public boolean hasCamelItems() {
        return camelText.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
    }

    /** The only item of this key, or null when the file has none (more than one is a problem). */
    public Map<String, Object> header(String key, List<String> problems) {
        List<Map<String, Object>> items = headers.getOrDefault(key, List.of());
        if (items.size() > 1) {
            problems.add(where + ": has more than one '- " + key + ":' item");
        }
        return items.isEmpty() ? null : items.get(0);
    }

    /**
     * Reads a file; problems (not YAML, not a list, a header item that is not a map, a route without
     * an id) are added to {@code problems} and null is returned when the file cannot be used at all.
     */
    @SuppressWarnings("unchecked")
    public static CamelYamlFile read(Path file, String where, String text, Set<String> headerKeys, List<String> problems) {
        LoadSettings settings = LoadSettings.builder().setLabel(where).build();
        Object data;
        Node root;
        try {
            data = new Load(settings).loadFromString(text);
            root = new Compose(settings).composeString(text).orElse(null);
        } catch (RuntimeException e) {
            problems.add(where + ": not valid YAML: " + e.getMessage());
            return null;
        }
        if (!(data instanceof List<?> items) || !(root instanceof SequenceNode seq)) {
            problems.add(where + ": must be a YAML list of Camel items (- route: ..., " + String.join(", ",
                    headerKeys.stream().sorted().map(k -> "- " + k + ": ...").toList()) + ")");
            return null;
        }
        Map<String, List<Map<String, Object>>> headers = new LinkedHashMap<>();
        List<String> routeIds = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> item)) {
                continue;
            }
            for (String key : headerKeys) {
                if (!item.containsKey(key)) {
                    continue;
                }
                Object value = item.get(key);
                Map<String, Object> header = value == null ? new LinkedHashMap<>() : value instanceof Map<?, ?> m
                        ? (Map<String, Object>) Values.normalize(m) : null;
                if (header == null || item.size() != 1) {
                    problems.add(where + ": '- " + key + ":' must be a map");
                    return null;
                }
                headers.computeIfAbsent(key, k -> new ArrayList<>()).add(header);
                commentOut(seq.getValue().get(i), lines);
            }
            if (item.get("route") instanceof Map<?, ?> route) {
                if (route.get("id") instanceof String id) {
                    routeIds.add(id);
                } else {
                    problems.add(where + ": every route needs an id");
                }
            }
        }
        return new CamelYamlFile(file, where, String.join("\n", lines), List.copyOf(routeIds), headers);
    }

    private static void commentOut(Node item, String[] lines) {
        Mark start = item.getStartMark().orElseThrow();
        Mark end = item.getEndMark().orElseThrow();
        int last = end.getColumn() == 0 ? end.getLine() - 1 : end.getLine();
        for (int l = start.getLine(); l <= last && l < lines.length; l++) {
            lines[l] = "#" + lines[l];
        }
    }

    /** The YAML files of a folder, in name order (none when it does not exist). */
    public static List<Path> inFolder(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }
}
