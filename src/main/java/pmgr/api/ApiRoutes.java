package pmgr.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import pmgr.common.Json;
import pmgr.common.Secrets;

/**
 * The HTTP API on platform-http (bound to 127.0.0.1 by default). Every call needs
 * {@code Authorization: Bearer <token>}; answers and errors are JSON. One route per endpoint
 * (group {@code api}) so Hawtio shows and counts each.
 */
public final class ApiRoutes extends RouteBuilder {
    private final EngineApi api;
    private final String token;
    private final boolean metricsNeedToken;
    private final java.util.List<Endpoint> extra;

    public ApiRoutes(EngineApi api, String token, boolean metricsNeedToken, java.util.List<Endpoint> extra) {
        this.api = api;
        this.token = token;
        this.metricsNeedToken = metricsNeedToken;
        this.extra = extra;
    }

    /** An answer that is not the usual JSON with 200: the metrics' text, a health report's 503. */
    public record Raw(int status, String contentType, String body) {
    }

    @FunctionalInterface
    public interface Handler {
        Object handle(Request r);
    }

    /** An endpoint beside the engine's (e.g. the sandbox's chat); it needs the token like the others. */
    public record Endpoint(String method, String path, Handler handler) {
    }

    /** What a handler may read of the request. */
    public record Request(Map<String, Object> headers, String body) {
        public String path(String name) {
            return (String) headers.get(name);
        }

        public String query(String name) {
            Object v = headers.get(name);
            return v == null ? null : v.toString();
        }

        public Map<String, Object> jsonBody() {
            if (body == null || body.isBlank()) {
                return Map.of();
            }
            try {
                return Json.readMap(body);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "request body must be a JSON object: " + e.getMessage(), null);
            }
        }

        String origin() {
            Object o = headers.get("X-Pmgr-Origin");
            return o == null ? "http" : o + " (http)";
        }

        boolean waitRequested() {
            return "true".equals(query("wait"));
        }
    }

    @Override
    public void configure() {
        endpoint("GET", "/api/health", false, r -> Health.report(getContext(), Health.Kind.ALL));
        endpoint("GET", "/api/health/live", false, r -> Health.report(getContext(), Health.Kind.LIVENESS));
        endpoint("GET", "/api/health/ready", false, r -> Health.report(getContext(), Health.Kind.READINESS));
        endpoint("GET", "/metrics", metricsNeedToken, r -> new Raw(200, "text/plain; version=0.0.4; charset=utf-8",
                pmgr.common.Meters.registry().scrape()));
        endpoint("GET", "/api/workflows", true, r -> api.workflows());
        endpoint("GET", "/api/workflows/{name}", true, r -> api.workflow(r.path("name")));
        endpoint("POST", "/api/workflows/{name}/runs", true, r -> api.startWorkflow(r.path("name"), r.jsonBody(),
                r.origin(), r.waitRequested()));
        endpoint("GET", "/api/runs", true, r -> api.runs(r.query("limit") == null ? 20 : parseInt(r.query("limit"), "limit"),
                r.query("target")));
        endpoint("GET", "/api/runs/{id}", true, r -> api.run(r.path("id")));
        endpoint("GET", "/api/models", true, r -> api.models());
        endpoint("GET", "/api/model-types", true, r -> api.modelTypes());
        endpoint("GET", "/api/models/{name}", true, r -> api.model(r.path("name")));
        endpoint("POST", "/api/models/{name}/methods/{method}/runs", true, r -> api.startMethod(r.path("name"),
                r.path("method"), r.jsonBody(), r.origin(), r.waitRequested()));
        endpoint("GET", "/api/data/{instance}", true, r -> api.dataList(r.path("instance")));
        endpoint("GET", "/api/data/{instance}/{name}", true, r -> api.dataGet(r.path("instance"), r.query("spec"),
                r.path("name"), r.query("version") == null ? null : parseInt(r.query("version"), "version")));
        endpoint("GET", "/api/data/{instance}/{name}/versions", true, r -> api.dataVersions(r.path("instance"),
                r.query("spec"), r.path("name")));
        endpoint("GET", "/api/vault", true, r -> api.vaultList());
        endpoint("PUT", "/api/vault/{vault}/{key}", true, r -> {
            Object value = r.jsonBody().get("value");
            if (!(value instanceof String s)) {
                throw new ApiException(400, "body must be {\"value\": \"<secret>\"}", null);
            }
            return api.vaultPut(r.path("vault"), r.path("key"), s);
        });
        endpoint("DELETE", "/api/vault/{vault}/{key}", true, r -> api.vaultRemove(r.path("vault"), r.path("key")));
        extra.forEach(e -> endpoint(e.method(), e.path(), true, e.handler()));
    }

    private void endpoint(String method, String path, boolean authenticated, Handler handler) {
        String id = "api " + method + " " + path;
        from("platform-http:" + path + "?httpMethodRestrict=" + method)
                .routeId(id).routeGroup("api").routeDescription(method + " " + path)
                .process(exchange -> respond(exchange, authenticated, handler));
    }

    private void respond(Exchange exchange, boolean authenticated, Handler handler) {
        Message in = exchange.getMessage();
        Request request = new Request(new org.apache.camel.util.CaseInsensitiveMap(in.getHeaders()), in.getBody(String.class));
        int status;
        Object body;
        try {
            if (authenticated) {
                checkToken((String) request.headers().get("Authorization"));
            }
            body = handler.handle(request);
            if (body instanceof Raw raw) {
                in.removeHeaders("*");
                in.setHeader(Exchange.HTTP_RESPONSE_CODE, raw.status());
                in.setHeader(Exchange.CONTENT_TYPE, raw.contentType());
                in.setBody(Secrets.mask(raw.body()));
                return;
            }
            status = "POST".equals(in.getHeader(Exchange.HTTP_METHOD)) && body instanceof JsonNode n
                    && "RUNNING".equals(n.path("status").asText()) && !request.waitRequested() ? 202 : 200;
        } catch (ApiException e) {
            status = e.status();
            body = error(e.getMessage(), e.problems());
        } catch (RuntimeException e) {
            status = 500;
            body = error(pmgr.engine.Errors.forClient(e), null);
        }
        // exchange headers would otherwise be echoed into the response
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setBody(Secrets.mask(Json.write(body)));
    }

    private void checkToken(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new ApiException(401, "missing bearer token: send 'Authorization: Bearer <token>' "
                    + "(the token is in <data-dir>/api-token, or pmgr.api.token)", null);
        }
        if (!ApiToken.matches(token, authorization.substring("Bearer ".length()).trim())) {
            throw new ApiException(401, "wrong bearer token", null);
        }
    }

    private static Map<String, Object> error(String message, java.util.List<String> problems) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        if (problems != null && !problems.isEmpty()) {
            m.put("problems", problems);
        }
        return m;
    }

    private static int parseInt(String v, String name) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "query parameter '" + name + "' must be a whole number, got '" + v + "'", null);
        }
    }
}
