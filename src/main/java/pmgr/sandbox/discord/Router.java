package pmgr.sandbox.discord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Discord's REST routes below /api/v10/: templates like {@code channels/{channel}/messages/{message}}. */
final class Router {
    /** Path variables whose values split rate-limit buckets, like Discord's major parameters. */
    private static final List<String> MAJOR = List.of("channel", "guild", "token");

    interface Handler {
        RestReply handle(RestCall call);
    }

    /** @param botAuth whether the route needs {@code Authorization: Bot <token>} (interaction webhooks do not) */
    record Route(String method, String template, Entry.Kind kind, boolean botAuth, Handler handler) {
        String bucketHash() {
            byte[] name = (method + " " + template).getBytes(StandardCharsets.UTF_8);
            return UUID.nameUUIDFromBytes(name).toString().replace("-", "");
        }
    }

    record Match(Route route, Map<String, String> vars) {
        String bucketKey() {
            StringBuilder key = new StringBuilder(route.bucketHash());
            for (String major : MAJOR) {
                if (vars.containsKey(major)) {
                    key.append(':').append(vars.get(major));
                }
            }
            return key.toString();
        }
    }

    private final List<Route> routes = new ArrayList<>();

    void add(String method, String template, Entry.Kind kind, boolean botAuth, Handler handler) {
        routes.add(new Route(method, template, kind, botAuth, handler));
    }

    /** The first route whose template fits; 405 when only another method fits, 404 when nothing does. */
    Match match(String method, String path) {
        String[] segments = path.split("/", -1);
        boolean pathKnown = false;
        for (Route route : routes) {
            Map<String, String> vars = bind(route.template().split("/"), segments);
            if (vars == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Match(route, vars);
            }
            pathKnown = true;
        }
        throw pathKnown ? RestError.methodNotAllowed() : RestError.notFound();
    }

    private static Map<String, String> bind(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return null;
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String part = template[i];
            if (part.startsWith("{")) {
                if (segments[i].isEmpty()) {
                    return null;
                }
                vars.put(part.substring(1, part.length() - 1), segments[i]);
            } else if (!part.equals(segments[i])) {
                return null;
            }
        }
        return vars;
    }
}
