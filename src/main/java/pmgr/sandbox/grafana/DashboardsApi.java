package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Saving, reading and deleting dashboards, with the checks of Grafana's dashboard service and store:
 * title, uid and folder first, then id/uid lookup with optimistic locking on {@code version}, then the
 * unique title within a folder.
 */
final class DashboardsApi {
    private static final int MAX_MESSAGE = 500;
    private final GrafanaState state;

    DashboardsApi(GrafanaState state) {
        this.state = state;
    }

    void register(Router router) {
        router.post("/api/dashboards/db", this::save)
                .get("/api/dashboards/uid/{uid}", this::get)
                .delete("/api/dashboards/uid/{uid}", this::delete);
    }

    private Reply save(ApiCall call) {
        ObjectNode body = call.object();
        JsonNode given = body.get("dashboard");
        if (given != null && !given.isNull() && !given.isObject()) {
            throw ApiError.badRequestData();
        }
        ObjectNode model = given == null || given.isNull() ? Json.object() : Json.copy((ObjectNode) given);
        boolean overwrite = Json.bool(body, "overwrite");
        String message = Json.text(body, "message");
        Folder folder = folder(Json.text(body, "folderUid"), Json.integer(body, "folderId"));

        // the model is read loosely, like simplejson's Must* getters
        long id = model.path("id").isNumber() ? model.path("id").longValue() : 0;
        String uid = model.path("uid").isTextual() ? model.path("uid").textValue().trim() : "";
        String title = model.path("title").isTextual() ? model.path("title").textValue().trim() : "";
        int version = model.path("version").isNumber() ? model.path("version").intValue() : 0;
        if (title.isEmpty()) {
            throw ApiError.withStatus(400, "Dashboard title cannot be empty", "empty-name");
        }
        if (message.length() > MAX_MESSAGE) {
            throw ApiError.plain(400, "message too long, max 500 characters");
        }
        if (!Uids.validCharacters(uid)) {
            throw ApiError.plain(400, "uid contains illegal characters");
        }
        if (uid.length() > Uids.MAX_LENGTH) {
            throw ApiError.plain(400, "uid too long, max 40 characters");
        }
        String folderUid = folder == null ? "" : folder.uid;

        StoredDashboard byId = null;
        if (id > 0) {
            // a client that copies a dashboard between instances must null the id, or gets this
            byId = state.dashboardById(id)
                    .orElseThrow(() -> ApiError.withStatus(404, "Dashboard not found", "not-found"));
            if (uid.isEmpty()) {
                uid = byId.uid;
            }
        }
        if (!uid.isEmpty() && state.folders.containsKey(uid)) {
            throw ApiError.plain(400, "Dashboard cannot be changed to a folder");
        }
        StoredDashboard byUid = uid.isEmpty() ? null : state.dashboards.get(uid);
        if (byId != null && byUid != null && byId.id != byUid.id) {
            throw ApiError.plain(400, "A dashboard with the same uid already exists");
        }
        StoredDashboard existing = byId != null ? byId : byUid;
        if (existing != null && version != existing.version) {
            if (!overwrite) {
                throw ApiError.withStatus(412, "The dashboard has been changed by someone else", "version-mismatch");
            }
            version = existing.version;
        }
        StoredDashboard current = existing;
        String sameFolder = folderUid;
        String sameTitle = title;
        Optional<StoredDashboard> namesake = state.dashboards.values().stream()
                .filter(d -> d.folderUid.equals(sameFolder) && d.title.equals(sameTitle))
                .filter(d -> current == null || d.id != current.id).findFirst();
        if (namesake.isPresent()) {
            if (!overwrite) {
                throw ApiError.withStatus(412, "A dashboard with the same name in the folder already exists",
                        "name-exists");
            }
            // Grafana takes the namesake over: its id, uid and version win
            existing = namesake.get();
            uid = existing.uid;
            version = existing.version;
        }

        Instant now = state.now();
        long storedId;
        int storedVersion;
        Instant created;
        if (existing == null) {
            storedId = state.nextDashboardId();
            storedVersion = 1;
            created = now;
            while (uid.isEmpty() || state.uidTaken(uid)) {
                uid = Uids.generate();
            }
        } else {
            storedId = existing.id;
            storedVersion = version + 1;
            created = existing.created;
            if (!existing.uid.equals(uid)) {
                // saved by id under a new uid: Grafana changes the row's uid
                state.dashboards.remove(existing.uid);
            }
        }
        model.put("id", storedId).put("uid", uid).put("title", title).put("version", storedVersion);
        StoredDashboard saved = new StoredDashboard(storedId, uid, folderUid, title, storedVersion, created, now, model);
        state.dashboards.put(uid, saved);
        ObjectNode answer = Json.object().put("id", storedId).put("uid", uid).put("url", saved.url())
                .put("status", "success").put("version", storedVersion).put("slug", saved.slug())
                .put("folderUid", folderUid);
        return Reply.changed(200, answer);
    }

    private Folder folder(String folderUid, long folderId) {
        if (!folderUid.isEmpty()) {
            Folder folder = state.folders.get(folderUid);
            if (folder == null) {
                throw ApiError.plain(400, "folder not found");
            }
            return folder;
        }
        if (folderId != 0) {
            return state.folderById(folderId).orElseThrow(() -> ApiError.plain(400, "folder not found"));
        }
        return null;
    }

    private Reply get(ApiCall call) {
        StoredDashboard dash = find(call.var("uid"));
        Folder folder = state.folders.get(dash.folderUid);
        ObjectNode meta = Json.object().put("type", "db").put("canSave", true).put("canEdit", true)
                .put("canAdmin", true).put("canStar", true).put("canDelete", true).put("slug", dash.slug())
                .put("url", dash.url()).put("expires", "0001-01-01T00:00:00Z").put("created", Json.time(dash.created))
                .put("updated", Json.time(dash.updated)).put("updatedBy", GrafanaState.ACTOR)
                .put("createdBy", GrafanaState.ACTOR).put("version", dash.version).put("hasAcl", false)
                .put("isFolder", false).put("folderId", folder == null ? 0 : folder.id)
                .put("folderUid", dash.folderUid).put("folderTitle", folder == null ? "General" : folder.title)
                .put("folderUrl", folder == null ? "" : folder.url()).put("provisioned", false)
                .put("provisionedExternalId", "");
        ObjectNode permissions = meta.putObject("annotationsPermissions");
        for (String scope : List.of("dashboard", "organization")) {
            permissions.putObject(scope).put("canAdd", true).put("canEdit", true).put("canDelete", true);
        }
        ObjectNode answer = Json.object();
        answer.set("dashboard", Json.copy(dash.data));
        answer.set("meta", meta);
        return Reply.ok(answer);
    }

    private Reply delete(ApiCall call) {
        StoredDashboard dash = find(call.var("uid"));
        state.dashboards.remove(dash.uid);
        return Reply.changed(200, Json.object().put("title", dash.title)
                .put("message", "Dashboard " + dash.title + " deleted").put("id", dash.id));
    }

    private StoredDashboard find(String uid) {
        StoredDashboard dash = state.dashboards.get(uid);
        if (dash == null) {
            throw ApiError.traced(404, "Dashboard not found");
        }
        return dash;
    }
}
