package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A saved dashboard: Grafana's row around the JSON model, which holds id, uid, title and version too. */
final class StoredDashboard {
    final long id;
    final String uid;
    final String folderUid;
    final String title;
    final int version;
    final Instant created;
    final Instant updated;
    final ObjectNode data;

    StoredDashboard(long id, String uid, String folderUid, String title, int version, Instant created,
            Instant updated, ObjectNode data) {
        this.id = id;
        this.uid = uid;
        this.folderUid = folderUid;
        this.title = title;
        this.version = version;
        this.created = created;
        this.updated = updated;
        this.data = data;
    }

    String slug() {
        return Uids.slug(title);
    }

    String url() {
        return "/d/" + uid + "/" + slug();
    }

    List<String> tags() {
        List<String> tags = new ArrayList<>();
        JsonNode node = data.get("tags");
        if (node != null && node.isArray()) {
            node.forEach(t -> {
                if (t.isTextual()) {
                    tags.add(t.textValue());
                }
            });
        }
        return tags;
    }
}
