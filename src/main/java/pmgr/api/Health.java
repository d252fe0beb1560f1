package pmgr.api;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * {@code /api/health}: Camel's health checks of pmgr (group pmgr: database, Proxmox, schedules,
 * Discord) and of the Camel context, each with its state and message, and the overall state. 200
 * when everything is UP, 503 otherwise. Liveness (is the process able to work at all) and readiness
 * (can it do its job now) are asked separately.
 */
final class Health {
    enum Kind { ALL, LIVENESS, READINESS }

    private Health() {
    }

    static ApiRoutes.Answer report(CamelContext camel, Kind kind) {
        Collection<HealthCheck.Result> results = switch (kind) {
            case ALL -> HealthCheckHelper.invoke(camel);
            case LIVENESS -> HealthCheckHelper.invokeLiveness(camel);
            case READINESS -> HealthCheckHelper.invokeReadiness(camel);
        };
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean up = true;
        for (HealthCheck.Result r : results) {
            HealthCheck c = r.getCheck();
            if (!"pmgr".equals(c.getGroup()) && !"context".equals(c.getId())) {
                continue;
            }
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("status", r.getState().name());
            r.getMessage().ifPresent(m -> one.put("message", m));
            Map<String, Object> details = new LinkedHashMap<>();
            r.getDetails().forEach((k, v) -> {
                if (!k.startsWith("invocation.") && !k.startsWith("failure.") && !k.startsWith("success.")
                        && !k.equals("check.id") && !k.equals("check.group") && !k.equals("check.kind")) {
                    details.put(k, String.valueOf(v));
                }
            });
            if (!details.isEmpty()) {
                one.put("details", details);
            }
            checks.put(c.getId(), one);
            up &= r.getState() == HealthCheck.State.UP;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        return ApiRoutes.Answer.json(up ? 200 : 503, body);
    }
}
