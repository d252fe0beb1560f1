package pmgr.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.util.CaseInsensitiveMap;
import pmgr.common.Meters;
import pmgr.common.Secrets;

/**
 * The HTTP API in Camel's REST DSL on platform-http (bound to 127.0.0.1 by default). Bodies are bound
 * as JSON both ways ({@link ApiJson}); every call but health needs {@code Authorization: Bearer
 * <token>}; failures become JSON errors with their status through {@code onException}. Each endpoint
 * is its own route ({@code api <METHOD> <path>}), so Hawtio shows and counts each.
 */
public final class ApiRoutes extends RouteBuilder {
    private final EngineApi api;
    private final String token;
    private final boolean metricsNeedToken;
    private final List<Endpoint> extra;

    public ApiRoutes(EngineApi api, String token, boolean metricsNeedToken, List<Endpoint> extra) {
        this.api = api;
        this.token = token;
        this.metricsNeedToken = metricsNeedToken;
        this.extra = extra;
    }

    private static final String JSON = "application/json";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * An answer other than JSON with the usual status: a health report's 503, the meters' text (the
     * binding writes only JSON content types, so text passes as it is).
     */
    record Answer(int status, String contentType, Object body) {
        static Answer json(int status, Object body) {
            return new Answer(status, JSON, body);
        }
    }

    @FunctionalInterface
    public interface Handler {
        Object handle(Request r);
    }

    /** An endpoint beside the engine's (e.g. the sandbox's chat); it needs the token like the others. */
    public record Endpoint(String method, String path, Handler handler) {
    }

    /** What a handler may read of the request: path and query parameters, and the JSON body. */
    public record Request(Map<String, Object> headers, Object body) {
        public String path(String name) {
            return (String) headers.get(name);
        }

        public String query(String name) {
            Object v = headers.get(name);
            return v == null ? null : v.toString();
        }

        public Integer intQuery(String name, Integer orElse) {
            String v = query(name);
            if (v == null) {
                return orElse;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new ApiException(400, "query parameter '" + name + "' must be a whole number, got '" + v + "'", null);
            }
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> jsonBody() {
            return body instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
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
        getContext().getRegistry().bind(ApiJson.NAME + "-dataformat-factory", ApiJson.FACTORY);
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.json)
                .jsonDataFormat(ApiJson.NAME).skipBindingOnErrorCode(false);
        // the engine runs without an error handler (runs record their own failures); the API needs one for onException
        errorHandler(defaultErrorHandler());
        onException(ApiException.class).handled(true)
                .process(e -> failed(e, e.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class)));
        onException(Exception.class).handled(true).process(e -> failed(e, new ApiException(500,
                pmgr.engine.Errors.forClient(e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)), null)));

        endpoint("GET", "/api/health", false, r -> Health.report(getContext(), Health.Kind.ALL));
        endpoint("GET", "/api/health/live", false, r -> Health.report(getContext(), Health.Kind.LIVENESS));
        endpoint("GET", "/api/health/ready", false, r -> Health.report(getContext(), Health.Kind.READINESS));
        endpoint("GET", "/metrics", metricsNeedToken, r -> new Answer(200, PROMETHEUS_TEXT, Meters.registry().scrape()));
        endpoint("GET", "/api/workflows", true, r -> api.workflows());
        endpoint("GET", "/api/workflows/{name}", true, r -> api.workflow(r.path("name")));
        endpoint("POST", "/api/workflows/{name}/runs", true, r -> api.startWorkflow(r.path("name"), r.jsonBody(),
                r.origin(), r.waitRequested()));
        endpoint("GET", "/api/runs", true, r -> api.runs(r.intQuery("limit", 20), r.query("target")));
        endpoint("GET", "/api/runs/{id}", true, r -> r.query("waitMs") == null ? api.run(r.path("id"))
                : api.awaitRun(r.path("id"), java.time.Duration.ofMillis(r.intQuery("waitMs", 0))));
        endpoint("GET", "/api/models", true, r -> api.models());
        endpoint("GET", "/api/model-types", true, r -> api.modelTypes());
        endpoint("GET", "/api/models/{name}", true, r -> api.model(r.path("name")));
        endpoint("POST", "/api/models/{name}/methods/{method}/runs", true, r -> api.startMethod(r.path("name"),
                r.path("method"), r.jsonBody(), r.origin(), r.waitRequested()));
        endpoint("GET", "/api/data/{instance}", true, r -> api.dataList(r.path("instance")));
        endpoint("GET", "/api/data/{instance}/{name}", true, r -> api.dataGet(r.path("instance"), r.query("spec"),
                r.path("name"), r.intQuery("version", null)));
        endpoint("GET", "/api/data/{instance}/{name}/versions", true, r -> api.dataVersions(r.path("instance"),
                r.query("spec"), r.path("name")));
        endpoint("GET", "/api/vault", true, r -> api.vaultList());
        endpoint("PUT", "/api/vault/{vault}/{key}", true, r -> {
            if (!(r.jsonBody().get("value") instanceof String value)) {
                throw new ApiException(400, "body must be {\"value\": \"<secret>\"}", null);
            }
            return api.vaultPut(r.path("vault"), r.path("key"), value);
        });
        endpoint("DELETE", "/api/vault/{vault}/{key}", true, r -> api.vaultRemove(r.path("vault"), r.path("key")));
        extra.forEach(e -> endpoint(e.method(), e.path(), true, e.handler()));
    }

    /** The REST verbs become routes here; they and their handlers form the group Hawtio shows as api. */
    @Override
    protected void populateRests() throws Exception {
        super.populateRests();
        getRouteCollection().getRoutes().forEach(r -> r.setGroup("api"));
    }

    private void endpoint(String method, String path, boolean authenticated, Handler handler) {
        String id = "api " + method + " " + path;
        RestDefinition verb = switch (method) {
            case "GET" -> rest().get(path);
            case "POST" -> rest().post(path);
            case "PUT" -> rest().put(path);
            case "DELETE" -> rest().delete(path);
            default -> throw new IllegalArgumentException("no HTTP method " + method);
        };
        String direct = "direct:" + id.replace(' ', '_');
        verb.routeId(id).description(method + " " + path).to(direct);
        from(direct).process(exchange -> answer(exchange, authenticated, handler));
    }

    private void answer(Exchange exchange, boolean authenticated, Handler handler) {
        Message in = exchange.getMessage();
        Request request = new Request(new CaseInsensitiveMap(in.getHeaders()), in.getBody());
        if (authenticated) {
            checkToken((String) request.headers().get("Authorization"));
        }
        Object body = handler.handle(request);
        if (body instanceof Answer a) {
            respond(in, a.status(), a.contentType(), a.body() instanceof String text ? Secrets.mask(text) : a.body());
            return;
        }
        boolean started = "POST".equals(in.getHeader(Exchange.HTTP_METHOD)) && body instanceof JsonNode n
                && "RUNNING".equals(n.path("status").asText()) && !request.waitRequested();
        respond(in, started ? 202 : 200, JSON, body);
    }

    private static void failed(Exchange exchange, ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", Secrets.mask(e.getMessage()));
        if (!e.problems().isEmpty()) {
            body.put("problems", e.problems());
        }
        respond(exchange.getMessage(), e.status(), JSON, body);
    }

    private static void respond(Message message, int status, String contentType, Object body) {
        // the request's headers would otherwise be echoed into the response
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body);
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
}
