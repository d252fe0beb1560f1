package pmgr.sandbox.proxmox;

import java.util.Map;
import java.util.Optional;

/** One dispatched API request: path variables, validated parameters and the caller. */
final class ApiCall {
    private final String method;
    private final Map<String, String> vars;
    private final Map<String, String> params;
    private final Identity who;
    private final Faults faults;

    ApiCall(String method, Map<String, String> vars, Map<String, String> params, Identity who, Faults faults) {
        this.method = method;
        this.vars = vars;
        this.params = params;
        this.who = who;
        this.faults = faults;
    }

    String method() {
        return method;
    }

    Identity who() {
        return who;
    }

    String node() {
        return vars.get("node");
    }

    int vmid() {
        return Integer.parseInt(vars.get("vmid"));
    }

    String var(String name) {
        return vars.get(name);
    }

    Map<String, String> params() {
        return params;
    }

    String param(String name) {
        return params.get(name);
    }

    /** Booleans arrive as "0"/"1" once validated. */
    boolean flag(String name) {
        return "1".equals(params.get(name));
    }

    Optional<Long> integer(String name) {
        String v = params.get(name);
        return v == null ? Optional.empty() : Optional.of((long) Double.parseDouble(v));
    }

    /** 403 unless the caller holds at least one of the privileges on the ACL path. */
    void require(String aclPath, String... privileges) {
        for (String p : privileges) {
            if (!faults.denied(p)) {
                return;
            }
        }
        throw ApiError.permission(aclPath, String.join("|", privileges));
    }

    boolean may(String privilege) {
        return !faults.denied(privilege);
    }
}
