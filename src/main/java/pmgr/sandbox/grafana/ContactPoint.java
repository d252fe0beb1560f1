package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One integration of a contact point (Grafana groups integrations with the same name into one receiver). */
final class ContactPoint {
    static final String REDACTED = "[REDACTED]";

    final String uid;
    final String name;
    final String type;
    /** As sent, secrets included; the API redacts them on the way out. */
    final ObjectNode settings;
    final boolean disableResolveMessage;
    final String provenance;
    final Instant updated;

    ContactPoint(String uid, String name, String type, ObjectNode settings, boolean disableResolveMessage,
            String provenance, Instant updated) {
        this.uid = uid;
        this.name = name;
        this.type = type;
        this.settings = settings;
        this.disableResolveMessage = disableResolveMessage;
        this.provenance = provenance;
        this.updated = updated;
    }

    /** The EmbeddedContactPoint JSON; provenance is left out when empty (omitempty). */
    ObjectNode json(boolean redactSecrets) {
        ObjectNode shown = Json.copy(settings);
        if (redactSecrets) {
            for (String key : ContactPointTypes.secureFields(type)) {
                if (shown.hasNonNull(key) && !shown.path(key).asText().isEmpty()) {
                    shown.put(key, REDACTED);
                }
            }
        }
        ObjectNode json = Json.object().put("uid", uid).put("name", name).put("type", type);
        json.set("settings", shown);
        json.put("disableResolveMessage", disableResolveMessage);
        if (!provenance.isEmpty()) {
            json.put("provenance", provenance);
        }
        return json;
    }
}
