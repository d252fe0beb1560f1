package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;

/** Folders, flat (no nesting), with the answers of Grafana's legacy /api/folders. */
final class FoldersApi {
    private final GrafanaState state;

    FoldersApi(GrafanaState state) {
        this.state = state;
    }

    void register(Router router) {
        router.get("/api/folders", this::list)
                .get("/api/folders/{uid}", this::get)
                .post("/api/folders", this::create);
    }

    private Reply list(ApiCall call) {
        ArrayNode hits = Json.array();
        state.folders.values().stream().sorted(Comparator.comparing(f -> f.title.toLowerCase(Locale.ROOT)))
                .forEach(f -> hits.add(f.hit()));
        return Reply.ok(hits);
    }

    private Reply get(ApiCall call) {
        Folder folder = state.folders.get(call.var("uid"));
        if (folder == null) {
            throw ApiError.withStatus(404, "folder not found", "not-found");
        }
        return Reply.ok(folder.dto());
    }

    private Reply create(ApiCall call) {
        ObjectNode body = call.object();
        String uid = Json.text(body, "uid").trim();
        String title = Json.text(body, "title").trim();
        if (title.isEmpty()) {
            throw ApiError.plain(400, "folder title cannot be empty");
        }
        if (!Uids.validCharacters(uid)) {
            throw ApiError.plain(400, "uid contains illegal characters");
        }
        if (uid.length() > Uids.MAX_LENGTH) {
            throw ApiError.plain(400, "uid too long, max 40 characters");
        }
        if (!uid.isEmpty() && state.uidTaken(uid)) {
            throw ApiError.plain(409, "a folder/dashboard with the same uid already exists");
        }
        while (uid.isEmpty() || state.uidTaken(uid)) {
            uid = Uids.generate();
        }
        Instant now = state.now();
        Folder folder = new Folder(state.nextDashboardId(), uid, title, 1, now, now);
        state.folders.put(uid, folder);
        return Reply.changed(200, folder.dto());
    }
}
