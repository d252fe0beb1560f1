package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** /api/v1/provisioning/policies: the whole notification policy tree, read, replaced or reset. */
final class PoliciesApi {
    static final String PATH = "/api/v1/provisioning/policies";
    private final GrafanaState state;

    PoliciesApi(GrafanaState state) {
        this.state = state;
    }

    void register(Router router) {
        router.get(PATH, call -> Reply.ok(Json.copy(state.policy)))
                .put(PATH, this::replace)
                .delete(PATH, this::reset);
    }

    private Reply replace(ApiCall call) {
        ObjectNode tree = call.object();
        checkShape(tree);
        String problem = rootProblem(tree);
        if (problem == null) {
            problem = unknownReceiver(tree);
        }
        if (problem != null) {
            throw ApiError.traced(400, "invalid object specification: " + problem);
        }
        ObjectNode stored = Json.copy(tree);
        String provenance = Provenance.of(call);
        if (provenance.isEmpty()) {
            stored.remove("provenance");
        } else {
            stored.put("provenance", provenance);
        }
        state.policy = stored;
        state.policyUpdated = state.now();
        return Reply.changed(202, Json.object().put("message", "policies updated"));
    }

    private Reply reset(ApiCall call) {
        state.policy = GrafanaState.defaultPolicy();
        state.policyUpdated = state.now();
        return Reply.changed(202, Json.copy(state.policy));
    }

    /** Routes must decode into Grafana's Route struct: strings, lists of strings, nested routes. */
    private static void checkShape(JsonNode route) {
        Json.text(route, "receiver");
        Json.texts(route, "group_by");
        JsonNode children = route.get("routes");
        if (children == null || children.isNull()) {
            return;
        }
        if (!children.isArray()) {
            throw ApiError.badRequestData();
        }
        for (JsonNode child : children) {
            if (!child.isObject()) {
                throw ApiError.badRequestData();
            }
            checkShape(child);
        }
    }

    private static String rootProblem(ObjectNode tree) {
        if (Json.text(tree, "receiver").isEmpty()) {
            return "root route must specify a default receiver";
        }
        for (String field : new String[] {"matchers", "object_matchers", "match", "match_re"}) {
            JsonNode m = tree.get(field);
            if (m != null && !m.isNull() && !m.isEmpty()) {
                return "root route must not have any matchers";
            }
        }
        return null;
    }

    /** A child may leave its receiver empty (it inherits); any name given must be a contact point. */
    private String unknownReceiver(JsonNode route) {
        String receiver = Json.text(route, "receiver");
        if (!receiver.isEmpty() && !state.receiverExists(receiver)) {
            return "receiver '" + receiver + "' does not exist";
        }
        for (JsonNode child : route.path("routes")) {
            String problem = unknownReceiver(child);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    static boolean references(JsonNode route, String receiver) {
        if (receiver.equals(route.path("receiver").asText())) {
            return true;
        }
        for (JsonNode child : route.path("routes")) {
            if (references(child, receiver)) {
                return true;
            }
        }
        return false;
    }

    static void renameReceiver(JsonNode route, String from, String to) {
        if (route instanceof ObjectNode node && from.equals(node.path("receiver").asText())) {
            node.put("receiver", to);
        }
        route.path("routes").forEach(child -> renameReceiver(child, from, to));
    }
}
