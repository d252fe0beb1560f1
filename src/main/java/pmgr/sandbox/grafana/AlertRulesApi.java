package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * /api/v1/provisioning/alert-rules. A rule is stored exactly as sent (annotation templates and all) plus the
 * fields Grafana owns: id, uid, orgID, updated and provenance (left out when empty). Validation follows
 * Grafana 11: the body must decode, then uid, folder, queries, title, states and condition are checked, and
 * titles are unique within a folder.
 */
final class AlertRulesApi {
    static final String PATH = "/api/v1/provisioning/alert-rules";
    private static final Set<String> NO_DATA_STATES = Set.of("NoData", "Alerting", "OK", "KeepLast");
    private static final Set<String> ERROR_STATES = Set.of("Error", "Alerting", "OK", "KeepLast");
    /** Grafana's default evaluation interval for a new group. */
    private static final int DEFAULT_INTERVAL_SECONDS = 60;
    private final GrafanaState state;

    AlertRulesApi(GrafanaState state) {
        this.state = state;
    }

    void register(Router router) {
        router.get(PATH, this::list)
                .get(PATH + "/{uid}", this::get)
                .post(PATH, this::create)
                .put(PATH + "/{uid}", this::update)
                .delete(PATH + "/{uid}", this::delete)
                .get("/api/v1/provisioning/folder/{folderUid}/rule-groups/{group}", this::group);
    }

    private Reply list(ApiCall call) {
        ArrayNode list = Json.array();
        state.rules.values().forEach(r -> list.add(Json.copy(r)));
        return Reply.ok(list);
    }

    /** An unknown uid is a 404 with no body at all, as in Grafana. */
    private Reply get(ApiCall call) {
        ObjectNode rule = state.rules.get(call.var("uid"));
        if (rule == null) {
            throw ApiError.empty(404);
        }
        return Reply.ok(Json.copy(rule));
    }

    private Reply create(ApiCall call) {
        ObjectNode rule = decode(call.object());
        String uid = Json.text(rule, "uid");
        if (!uid.isEmpty() && Uids.problem(uid) != null) {
            throw ApiError.traced(400, "invalid alert rule\ncannot create rule with UID '" + uid + "': "
                    + Uids.problem(uid));
        }
        validate(rule, uid);
        if (state.rules.containsKey(uid)) {
            throw ApiError.errutil(409, "alerting.alert-rule.conflict", conflict(rule, uid)
                    + "rule UID under the same organisation should be unique");
        }
        while (uid.isEmpty() || state.rules.containsKey(uid)) {
            uid = Uids.generate();
        }
        ObjectNode stored = stamp(rule, state.nextRuleId(), uid, Provenance.of(call));
        state.rules.put(uid, stored);
        return Reply.changed(201, Json.copy(stored));
    }

    private Reply update(ApiCall call) {
        String uid = call.var("uid");
        ObjectNode rule = decode(call.object());
        ObjectNode existing = state.rules.get(uid);
        if (existing == null) {
            throw ApiError.empty(404);
        }
        validate(rule, uid);
        ObjectNode stored = stamp(rule, existing.path("id").longValue(), uid, Provenance.of(call));
        state.rules.put(uid, stored);
        return Reply.changed(200, Json.copy(stored));
    }

    /** Deleting a rule that is not there succeeds too: nothing to delete. */
    private Reply delete(ApiCall call) {
        return Reply.noContent(state.rules.remove(call.var("uid")) != null);
    }

    private Reply group(ApiCall call) {
        String folderUid = call.var("folderUid");
        String group = call.var("group");
        ArrayNode rules = Json.array();
        state.rules.values().stream().filter(r -> folderUid.equals(r.path("folderUID").asText())
                && group.equals(r.path("ruleGroup").asText())).forEach(r -> rules.add(Json.copy(r)));
        if (rules.isEmpty()) {
            throw ApiError.errutil(404, "alerting.alert-rule.notFound", "Not found");
        }
        ObjectNode answer = Json.object().put("title", group).put("folderUid", folderUid)
                .put("interval", DEFAULT_INTERVAL_SECONDS);
        answer.set("rules", rules);
        return Reply.ok(answer);
    }

    /** What Go's decoder would refuse for ProvisionedAlertRule is "bad request data". */
    private static ObjectNode decode(ObjectNode rule) {
        for (String field : List.of("uid", "title", "ruleGroup", "folderUID", "condition", "noDataState",
                "execErrState", "for")) {
            Json.text(rule, field);
        }
        String forText = Json.text(rule, "for");
        if (rule.hasNonNull("for") && !PromDuration.valid(forText)) {
            throw ApiError.badRequestData();
        }
        Json.bool(rule, "isPaused");
        for (String map : List.of("labels", "annotations")) {
            JsonNode value = rule.get(map);
            if (value != null && !value.isNull()) {
                if (!value.isObject()) {
                    throw ApiError.badRequestData();
                }
                value.forEach(v -> {
                    if (!v.isTextual()) {
                        throw ApiError.badRequestData();
                    }
                });
            }
        }
        JsonNode data = rule.get("data");
        if (data != null && !data.isNull()) {
            if (!data.isArray()) {
                throw ApiError.badRequestData();
            }
            for (JsonNode query : data) {
                if (!query.isObject()) {
                    throw ApiError.badRequestData();
                }
                Json.text(query, "refId");
                Json.text(query, "datasourceUid");
            }
        }
        return rule;
    }

    private void validate(ObjectNode rule, String uid) {
        String folderUid = Json.text(rule, "folderUID");
        if (folderUid.isEmpty()) {
            throw invalid("folderUID must be set");
        }
        if (!state.folders.containsKey(folderUid)) {
            throw invalid("folder does not exist");
        }
        JsonNode data = rule.path("data");
        if (data.isEmpty()) {
            throw invalid("no queries or expressions are found");
        }
        String title = Json.text(rule, "title");
        if (title.isEmpty()) {
            throw invalid("title is empty");
        }
        if (Json.text(rule, "ruleGroup").isEmpty()) {
            throw invalid("rule group name is empty");
        }
        String execErrState = Json.text(rule, "execErrState");
        if (!ERROR_STATES.contains(execErrState)) {
            throw invalid("unknown Error state option " + execErrState);
        }
        String noDataState = Json.text(rule, "noDataState");
        if (!NO_DATA_STATES.contains(noDataState)) {
            throw invalid("unknown NoData state option " + noDataState);
        }
        List<String> refIds = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            String refId = Json.text(data.get(i), "refId");
            if (refId.isEmpty()) {
                throw invalid("refId is empty in data[" + i + "]");
            }
            refIds.add(refId);
        }
        String condition = Json.text(rule, "condition");
        if (!refIds.contains(condition)) {
            throw ApiError.errutil(400, "alerting.alert-rule.conditionNotExist", "Condition " + condition
                    + " does not exist, must be one of [" + String.join(" ", refIds) + "]");
        }
        boolean titleTaken = state.rules.values().stream().anyMatch(r -> !r.path("uid").asText().equals(uid)
                && folderUid.equals(r.path("folderUID").asText()) && title.equals(r.path("title").asText()));
        if (titleTaken) {
            throw ApiError.traced(400, conflict(rule, uid) + "a conflicting alert rule is found: rule title under "
                    + "the same organisation and folder should be unique");
        }
    }

    private static ApiError invalid(String problem) {
        return ApiError.traced(400, "invalid alert rule: " + problem);
    }

    private static String conflict(ObjectNode rule, String uid) {
        return "conflicting alert rule found [rule_uid: '" + uid + "', title: '" + Json.text(rule, "title")
                + "', namespace_uid: '" + Json.text(rule, "folderUID") + "']: ";
    }

    private ObjectNode stamp(ObjectNode rule, long id, String uid, String provenance) {
        ObjectNode stored = Json.copy(rule);
        stored.put("id", id).put("uid", uid).put("orgID", 1).put("updated", Json.time(state.now()));
        if (provenance.isEmpty()) {
            stored.remove("provenance");
        } else {
            stored.put("provenance", provenance);
        }
        return stored;
    }
}
