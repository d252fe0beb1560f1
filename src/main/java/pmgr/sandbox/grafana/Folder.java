package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A folder; it shares the dashboards' id sequence, as folders live in Grafana's dashboard table. */
final class Folder {
    final long id;
    final String uid;
    final String title;
    final int version;
    final Instant created;
    final Instant updated;

    Folder(long id, String uid, String title, int version, Instant created, Instant updated) {
        this.id = id;
        this.uid = uid;
        this.title = title;
        this.version = version;
        this.created = created;
        this.updated = updated;
    }

    String url() {
        return "/dashboards/f/" + uid + "/" + Uids.slug(title);
    }

    /** The folder DTO that GET /api/folders/{uid} and POST /api/folders answer. */
    ObjectNode dto() {
        return Json.object().put("id", id).put("uid", uid).put("orgId", 1).put("title", title)
                .put("url", url()).put("hasAcl", false).put("canSave", true).put("canEdit", true)
                .put("canAdmin", true).put("canDelete", true).put("createdBy", GrafanaState.ACTOR)
                .put("created", Json.time(created)).put("updatedBy", GrafanaState.ACTOR)
                .put("updated", Json.time(updated)).put("version", version);
    }

    /** The short form of the folder list. */
    ObjectNode hit() {
        return Json.object().put("id", id).put("uid", uid).put("title", title);
    }
}
