package pmgr.sandbox.proxmox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS front end: envelope, headers, reason phrases, auth, fault injection, journal.
 * Handlers run on the Vert.x event loop while holding the cluster lock; they are quick.
 */
final class ApiServer {
    static final String PREFIX = "/api2/json";
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int MAX_BODY = 512 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Vertx vertx;
    private final Router router;
    private final Authenticator authenticator;
    private final ClusterState cluster;
    private final Duration unauthorizedDelay;
    private final boolean legacyErrors;
    private final Clock clock;
    private final List<Request> journal = new CopyOnWriteArrayList<>();
    private HttpServer server;

    ApiServer(Vertx vertx, Router router, Authenticator authenticator, ClusterState cluster,
            Duration unauthorizedDelay, boolean legacyErrors, Clock clock) {
        this.vertx = vertx;
        this.router = router;
        this.authenticator = authenticator;
        this.cluster = cluster;
        this.unauthorizedDelay = unauthorizedDelay;
        this.legacyErrors = legacyErrors;
        this.clock = clock;
    }

    int listen(String host, int port, SelfSignedCertificate certificate) throws Exception {
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setKeyValue(Buffer.buffer(certificate.privateKeyPem()))
                        .setCertValue(Buffer.buffer(certificate.certificatePem())))
                .setHost(host)
                .setPort(port);
        server = vertx.createHttpServer(options).requestHandler(this::onRequest);
        return server.listen().toCompletionStage().toCompletableFuture().get().actualPort();
    }

    List<Request> journal() {
        return List.copyOf(journal);
    }

    void clearJournal() {
        journal.clear();
    }

    private void onRequest(HttpServerRequest request) {
        request.body().onComplete(ar -> {
            Buffer body = ar.succeeded() ? ar.result() : Buffer.buffer();
            try {
                answer(request, body);
            } catch (RuntimeException e) {
                // a bug in the fake, not a scripted PVE error: still answer in PVE's error shape
                LOG.warn("sandbox PVE request {} {} failed", request.method(), request.path(), e);
                respondError(request, ApiError.internal(String.valueOf(e)), Map.of(), Identity.NOBODY);
            }
        });
    }

    private void answer(HttpServerRequest request, Buffer body) {
        String method = request.method().name();
        Map<String, String> params = Map.of();
        Identity who = Identity.NOBODY;
        Object data;
        try {
            params = readParams(request, method, body);
            String apiPath = apiPath(request.path());
            String[] segments = Router.split(apiPath);
            synchronized (cluster) {
                cluster.settle();
                if (!router.isOpen(method, segments)) {
                    who = authenticator.authenticate(request);
                }
                var injected = cluster.faults().takeServerError(method, apiPath);
                if (injected.isPresent()) {
                    throw injected.get();
                }
                data = dispatch(method, apiPath, segments, params, who);
            }
        } catch (ApiError e) {
            respondError(request, e, params, who);
            return;
        }
        send(request, 200, "OK", data, params, who, Duration.ZERO);
    }

    private Object dispatch(String method, String apiPath, String[] segments, Map<String, String> params,
            Identity who) {
        Router.Match match = router.match(method, segments)
                .orElseThrow(() -> ApiError.notImplemented("Method '" + method + " " + apiPath + "' not implemented"));
        Map<String, String> vars = decodeVars(match.vars());
        Map<String, String> given = withoutPathDuplicates(vars, params);
        Map<String, String> valid = match.route().schema().validate(given);
        return match.route().handler().handle(new ApiCall(method, vars, valid, who, cluster.faults()));
    }

    /** GET/DELETE must not carry a body; POST/PUT bodies are capped like pveproxy's. */
    private static Map<String, String> readParams(HttpServerRequest request, String method, Buffer body) {
        boolean bodyless = method.equals("GET") || method.equals("DELETE") || method.equals("HEAD");
        String length = request.getHeader("Content-Length");
        boolean hasBody = body.length() > 0 || (length != null && !length.equals("0"));
        if (bodyless && hasBody) {
            throw ApiError.notImplemented("Unexpected content for method '" + method + "'");
        }
        if (body.length() > MAX_BODY) {
            throw ApiError.notImplemented("for data too large");
        }
        return RequestParams.merge(request.query(), request.getHeader("Content-Type"),
                body.toString(StandardCharsets.UTF_8));
    }

    private static String apiPath(String path) {
        if (path.startsWith(PREFIX + "/") || path.equals(PREFIX)) {
            return path.substring(PREFIX.length());
        }
        String[] parts = Router.split(path);
        if (parts.length >= 2 && parts[0].equals("api2")) {
            throw ApiError.notImplemented("no formatter for uri " + path + ", " + parts[1]);
        }
        throw ApiError.notImplemented("no such uri");
    }

    /** Path segments may be percent-encoded (UPIDs usually are). */
    private static Map<String, String> decodeVars(Map<String, String> raw) {
        Map<String, String> vars = new LinkedHashMap<>();
        raw.forEach((k, v) -> vars.put(k, URLDecoder.decode(v.replace("+", "%2B"), StandardCharsets.UTF_8)));
        String vmid = vars.get("vmid");
        if (vmid != null) {
            if (!vmid.matches("\\d{1,18}")) {
                throw ApiError.param("vmid", "type check ('integer') failed - got '" + vmid + "'");
            }
            long id = Long.parseLong(vmid);
            if (id < 100) {
                throw ApiError.param("vmid", "value must have a minimum value of 100");
            }
            if (id > 999999999L) {
                throw ApiError.param("vmid", "value must have a maximum value of 999999999");
            }
        }
        return vars;
    }

    private static Map<String, String> withoutPathDuplicates(Map<String, String> vars, Map<String, String> params) {
        Map<String, String> rest = new LinkedHashMap<>(params);
        for (Map.Entry<String, String> v : vars.entrySet()) {
            String given = rest.remove(v.getKey());
            if (given != null && !given.equals(v.getValue())) {
                throw ApiError.param(v.getKey(), "duplicate parameter (already defined in URI) with conflicting values!");
            }
        }
        return rest;
    }

    private void respondError(HttpServerRequest request, ApiError e, Map<String, String> params, Identity who) {
        Duration delay = e.status() == 401 ? unauthorizedDelay : Duration.ZERO;
        if (e.emptyBody()) {
            write(request, e.status(), e.reasonPhrase(), null, params, who, delay);
            return;
        }
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("data", null);
        if (!e.errors().isEmpty()) {
            envelope.put("errors", e.errors());
        }
        if (!legacyErrors) {
            envelope.put("message", e.getMessage());
        }
        sendEnvelope(request, e.status(), e.reasonPhrase(), envelope, params, who, delay);
    }

    private void send(HttpServerRequest request, int status, String reason, Object data, Map<String, String> params,
            Identity who, Duration delay) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        if (data instanceof Reply reply) {
            envelope.put("data", reply.data());
            envelope.putAll(reply.extras());
        } else {
            envelope.put("data", data);
        }
        sendEnvelope(request, status, reason, envelope, params, who, delay);
    }

    private void sendEnvelope(HttpServerRequest request, int status, String reason, Map<String, Object> envelope,
            Map<String, String> params, Identity who, Duration delay) {
        String json;
        try {
            json = JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        write(request, status, reason, json, params, who, delay);
    }

    private void write(HttpServerRequest request, int status, String reason, String json, Map<String, String> params,
            Identity who, Duration delay) {
        journal.add(new Request(clock.instant(), request.method().name(), request.path(), params, who.kind(),
                who.fullId(), request.getHeader("CSRFPreventionToken") != null, status));
        Duration total = delay.plus(cluster.faults().responseDelay());
        Runnable respond = () -> {
            var response = request.response();
            if (response.closed()) {
                return;
            }
            String now = HTTP_DATE.format(clock.instant());
            response.setStatusCode(status).setStatusMessage(reason)
                    .putHeader("Server", "pve-api-daemon/3.0")
                    .putHeader("Date", now)
                    .putHeader("Expires", now)
                    .putHeader("Cache-Control", "max-age=0")
                    .putHeader("Pragma", "no-cache");
            if (status >= 400) {
                response.putHeader("Connection", "close");
            }
            if (json == null) {
                response.putHeader("Content-Length", "0").end();
            } else {
                response.putHeader("Content-Type", "application/json;charset=UTF-8").end(json);
            }
        };
        if (total.isZero() || total.isNegative()) {
            respond.run();
        } else {
            vertx.setTimer(Math.max(1, total.toMillis()), id -> respond.run());
        }
    }

    void close() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
