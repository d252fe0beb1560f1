package pmgr.sandbox.proxmox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps "METHOD /nodes/{node}/qemu/{vmid}/..." templates to handlers. */
final class Router {
    record Route(String method, String[] segments, ParamSchema schema, ApiHandler handler, boolean open) {
    }

    record Match(Route route, Map<String, String> vars) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** A route that needs authentication. */
    Router add(String method, String template, ParamSchema schema, ApiHandler handler) {
        routes.add(new Route(method, split(template), schema, handler, false));
        return this;
    }

    /** A route that needs no authentication (only the login endpoint). */
    Router addOpen(String method, String template, ParamSchema schema, ApiHandler handler) {
        routes.add(new Route(method, split(template), schema, handler, true));
        return this;
    }

    Optional<Match> match(String method, String[] path) {
        for (Route r : routes) {
            if (!r.method().equals(method) || r.segments().length != path.length) {
                continue;
            }
            Map<String, String> vars = bind(r.segments(), path);
            if (vars != null) {
                return Optional.of(new Match(r, vars));
            }
        }
        return Optional.empty();
    }

    boolean isOpen(String method, String[] path) {
        return match(method, path).map(m -> m.route().open()).orElse(false);
    }

    private static Map<String, String> bind(String[] template, String[] path) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                vars.put(t.substring(1, t.length() - 1), path[i]);
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return vars;
    }

    static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
