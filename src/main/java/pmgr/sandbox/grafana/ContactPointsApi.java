package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /api/v1/provisioning/contact-points. Writes answer 202 like Grafana; secure settings (a Discord URL, a
 * Slack token, ...) come back as "[REDACTED]", and a PUT that sends "[REDACTED]" keeps the stored value.
 */
final class ContactPointsApi {
    static final String PATH = "/api/v1/provisioning/contact-points";
    private final GrafanaState state;

    ContactPointsApi(GrafanaState state) {
        this.state = state;
    }

    void register(Router router) {
        router.get(PATH, this::list)
                .post(PATH, this::create)
                .put(PATH + "/{uid}", this::update)
                .delete(PATH + "/{uid}", this::delete);
    }

    private Reply list(ApiCall call) {
        String name = call.query("name");
        ArrayNode list = Json.array();
        state.contactPoints.values().stream().filter(cp -> name.isEmpty() || cp.name.equals(name))
                .sorted(Comparator.comparing((ContactPoint cp) -> cp.name).thenComparing(cp -> cp.uid))
                .forEach(cp -> list.add(cp.json(true)));
        return Reply.ok(list);
    }

    private Reply create(ApiCall call) {
        ObjectNode body = call.object();
        String uid = Json.text(body, "uid");
        ContactPoint point = parse(body, uid, Provenance.of(call));
        validate(point, body.get("settings"));
        if (uid.isEmpty()) {
            do {
                uid = Uids.generate();
            } while (state.contactPoints.containsKey(uid));
        } else if (Uids.problem(uid) != null) {
            throw ApiError.traced(400, "invalid object specification\ncannot create contact point with UID '" + uid
                    + "': " + Uids.problem(uid));
        } else if (state.contactPoints.containsKey(uid)) {
            String owner = state.contactPoints.get(uid).name;
            throw ApiError.errutil(409, "alerting.notifications.contact-points.uidInUse", "Receiver configuration "
                    + "with UID '" + uid + "' already exists in contact point '" + owner
                    + "'. Please use unique identifiers for receivers across all contact points.");
        }
        ContactPoint stored = new ContactPoint(uid, point.name, point.type, point.settings,
                point.disableResolveMessage, point.provenance, state.now());
        state.contactPoints.put(uid, stored);
        return Reply.changed(202, stored.json(true));
    }

    private Reply update(ApiCall call) {
        String uid = call.var("uid");
        ObjectNode body = call.object();
        JsonNode settings = body.get("settings");
        if (settings == null || settings.isNull()) {
            throw ApiError.traced(400, "invalid object specification: settings should not be empty");
        }
        ContactPoint existing = state.contactPoints.get(uid);
        if (existing == null) {
            throw ApiError.traced(404, "object not found: contact point with uid '" + uid + "' not found");
        }
        ContactPoint point = parse(body, uid, Provenance.of(call));
        // "[REDACTED]" means: keep what is stored, so a client can send back what it read
        for (String key : ContactPointTypes.secureFields(point.type)) {
            if (ContactPoint.REDACTED.equals(point.settings.path(key).asText(null)) && existing.settings.has(key)) {
                point.settings.set(key, existing.settings.get(key).deepCopy());
            }
        }
        validate(point, point.settings);
        ContactPoint stored = new ContactPoint(uid, point.name, point.type, point.settings,
                point.disableResolveMessage, point.provenance, state.now());
        state.contactPoints.put(uid, stored);
        if (!existing.name.equals(stored.name) && !state.receiverExists(existing.name)) {
            // the last integration of a receiver was renamed: Grafana renames it in the policy tree too
            PoliciesApi.renameReceiver(state.policy, existing.name, stored.name);
        }
        return Reply.changed(202, Json.object().put("message", "contactpoint updated"));
    }

    private Reply delete(ApiCall call) {
        ContactPoint existing = state.contactPoints.get(call.var("uid"));
        ObjectNode answer = Json.object().put("message", "contactpoint deleted");
        if (existing == null) {
            return Reply.unchanged(202, answer);
        }
        boolean lastOfReceiver = state.contactPoints.values().stream()
                .filter(cp -> cp.name.equals(existing.name)).count() == 1;
        if (lastOfReceiver && PoliciesApi.references(state.policy, existing.name)) {
            throw ApiError.errutil(409, "alerting.notifications.contact-points.referenced",
                    "Contact point is currently referenced by a notification policy.");
        }
        if (lastOfReceiver && state.rules.values().stream()
                .anyMatch(r -> existing.name.equals(r.path("notification_settings").path("receiver").asText(null)))) {
            throw ApiError.errutil(409, "alerting.notifications.contact-points.used-by-rule",
                    "Contact point is currently used in the notification settings of one or many alert rules.");
        }
        state.contactPoints.remove(existing.uid);
        return Reply.changed(202, answer);
    }

    private ContactPoint parse(ObjectNode body, String uid, String provenance) {
        JsonNode settings = body.get("settings");
        if (settings != null && !settings.isNull() && !settings.isObject()) {
            throw ApiError.badRequestData();
        }
        ObjectNode copy = settings == null || settings.isNull() ? null : Json.copy((ObjectNode) settings);
        return new ContactPoint(uid, Json.text(body, "name"), Json.text(body, "type"), copy,
                Json.bool(body, "disableResolveMessage"), provenance, state.now());
    }

    /** ValidateContactPoint's checks, in its order, with its "invalid object specification" prefix. */
    private static void validate(ContactPoint point, JsonNode settings) {
        String problem = null;
        if (point.type.isEmpty()) {
            problem = "type should not be an empty string";
        } else if (settings == null || settings.isNull()) {
            problem = "settings should not be empty";
        } else if (!ContactPointTypes.known(point.type)) {
            problem = "unknown type '" + point.type + "'";
        } else if (point.name.isBlank()) {
            problem = "name should not be empty";
        } else {
            String missing = ContactPointTypes.missingSetting(point.type, settings);
            if (missing != null) {
                problem = "failed to validate integration \"" + point.name + "\" (UID " + point.uid + ") of type \""
                        + point.type + "\": " + missing;
            }
        }
        if (problem != null) {
            throw ApiError.traced(400, "invalid object specification: " + problem);
        }
    }

    /** Contact points by uid, secrets included, for the test views. */
    static Map<String, ObjectNode> unredacted(GrafanaState state) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        state.contactPoints.forEach((uid, cp) -> out.put(uid, cp.json(false)));
        return out;
    }
}
