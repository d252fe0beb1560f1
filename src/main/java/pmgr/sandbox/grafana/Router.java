package pmgr.sandbox.grafana;

import io.vertx.core.Future;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Grafana's routes: templates like {@code /api/dashboards/uid/{uid}}; a trailing {@code **} takes the rest of
 * the path, still encoded, as the variable "rest" (the data-source proxy forwards it as is).
 */
final class Router {
    static final String REST = "rest";

    /** Runs on the event loop while holding the state lock; must be quick. */
    interface Handler {
        Reply handle(ApiCall call);
    }

    /** Runs on the event loop without the lock and completes later (the data-source proxy). */
    interface AsyncHandler {
        Future<Reply> handle(ApiCall call);
    }

    record Route(String method, String[] segments, boolean open, Handler handler, AsyncHandler async) {
    }

    record Match(Route route, Map<String, String> vars) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router get(String template, Handler handler) {
        return add("GET", template, handler);
    }

    Router post(String template, Handler handler) {
        return add("POST", template, handler);
    }

    Router put(String template, Handler handler) {
        return add("PUT", template, handler);
    }

    Router delete(String template, Handler handler) {
        return add("DELETE", template, handler);
    }

    Router add(String method, String template, Handler handler) {
        routes.add(new Route(method, split(template), false, handler, null));
        return this;
    }

    /** A route that answers without credentials (only health). */
    Router open(String method, String template, Handler handler) {
        routes.add(new Route(method, split(template), true, handler, null));
        return this;
    }

    Router async(String method, String template, AsyncHandler handler) {
        routes.add(new Route(method, split(template), false, null, handler));
        return this;
    }

    /** The first route that fits, in the order they were added. */
    Optional<Match> match(String method, String rawPath) {
        String[] path = split(rawPath);
        for (Route route : routes) {
            if (route.method().equals(method)) {
                Map<String, String> vars = bind(route.segments(), path);
                if (vars != null) {
                    return Optional.of(new Match(route, vars));
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> bind(String[] template, String[] path) {
        boolean tail = template.length > 0 && template[template.length - 1].equals("**");
        int fixed = tail ? template.length - 1 : template.length;
        if (tail ? path.length < fixed : path.length != fixed) {
            return null;
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < fixed; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                vars.put(t.substring(1, t.length() - 1), URLDecoder.decode(path[i].replace("+", "%2B"),
                        StandardCharsets.UTF_8));
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        if (tail) {
            vars.put(REST, String.join("/", List.of(path).subList(fixed, path.length)));
        }
        return vars;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
