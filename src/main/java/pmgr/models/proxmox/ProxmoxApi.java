package pmgr.models.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import pmgr.common.Meters;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import pmgr.common.Json;
import pmgr.common.Secrets;

/**
 * The Proxmox VE API over camel-http: the {@code {"data": ...}} envelope, errors carrying the API's
 * message (body {@code message}, else the reason phrase), ticket or token authentication with the CSRF
 * rule, renewal before expiry, and one re-login and retry when a call meets a 401. Every call is
 * bounded by connect and response timeouts.
 */
final class ProxmoxApi {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private final ProducerTemplate template;
    private final String apiUrl;
    private final Endpoint endpoint;
    private final Credentials credentials;
    private final Consumer<String> log;
    private final Clock clock;
    private Session session;

    ProxmoxApi(ProducerTemplate template, String apiUrl, Tls tls, Credentials credentials, Consumer<String> log, Clock clock) {
        this.clock = clock;
        this.template = template;
        CamelContext camel = template.getCamelContext();
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.credentials = credentials;
        this.log = log;
        this.endpoint = endpoint(camel, this.apiUrl, tls);
        if (!credentials.usesToken()) {
            this.session = Sessions.cached(this.apiUrl, credentials.username());
        }
    }

    /** One camel-http endpoint per node URL and trust configuration; the path is set per call. */
    private static Endpoint endpoint(CamelContext camel, String apiUrl, Tls tls) {
        URI uri = URI.create(apiUrl);
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("apiUrl must be https://host:port, got '" + apiUrl + "'");
        }
        String name = "pmgr.proxmox.tls." + tls.key();
        if (camel.getRegistry().lookupByName(name) == null) {
            try {
                TrustManagersParameters trust = new TrustManagersParameters();
                trust.setTrustManager(tls.trustManager());
                SSLContextParameters ssl = new SSLContextParameters();
                ssl.setTrustManagers(trust);
                camel.getRegistry().bind(name, ssl);
                camel.getRegistry().bind(name + ".hostnames", tls.hostnameVerifier());
            } catch (Exception e) {
                throw new IllegalStateException("TLS setup for " + apiUrl + " failed: " + e.getMessage(), e);
            }
        }
        return camel.getEndpoint("https://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + "?sslContextParameters=#" + name + "&x509HostnameVerifier=#" + name + ".hostnames"
                + "&throwExceptionOnFailure=false&followRedirects=false"
                + "&connectTimeout=" + CONNECT_TIMEOUT.toMillis() + "&responseTimeout=" + RESPONSE_TIMEOUT.toMillis()
                + "&connectionRequestTimeout=" + CONNECT_TIMEOUT.toMillis());
    }

    JsonNode get(String path, Map<String, ?> query) {
        return call("GET", path, query, null);
    }

    JsonNode post(String path, Map<String, ?> form) {
        return call("POST", path, null, form);
    }

    JsonNode put(String path, Map<String, ?> form) {
        return call("PUT", path, null, form);
    }

    JsonNode delete(String path, Map<String, ?> query) {
        return call("DELETE", path, query, null);
    }

    /** Logs in with the password: a fresh ticket, remembered for later calls. */
    Session login() {
        if (credentials.password() == null || credentials.password().isBlank()) {
            throw new ProxmoxApiException(401, "cannot log in to " + apiUrl + " as " + credentials.username()
                    + ": no password (give one from the vault, or use an API token)");
        }
        return ticketFor(credentials.password(), "log in");
    }

    private Session ticketFor(String password, String what) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("username", credentials.username());
        form.put("password", password);
        Response r = send("POST", "/access/ticket", null, form, Map.of());
        if (r.status != 200) {
            throw new ProxmoxApiException(r.status, "Proxmox " + what + " as " + credentials.username() + " failed: "
                    + r.status + " " + r.message());
        }
        JsonNode data = r.json().path("data");
        Session s = new Session(data.path("username").asText(credentials.username()), data.path("ticket").asText(),
                data.path("CSRFPreventionToken").asText(), Instant.now(clock));
        Secrets.register(s.ticket());
        Secrets.register(s.csrfToken());
        Sessions.remember(apiUrl, s);
        session = s;
        return s;
    }

    private void ensureSession() {
        if (session == null) {
            session = Sessions.cached(apiUrl, credentials.username());
        }
        if (session == null) {
            if (credentials.password() == null) {
                throw new ProxmoxApiException(401, "cannot log in to " + apiUrl + " as " + credentials.username()
                        + ": no password (put it in the vault, see pmgr.lab.proxmox.vault), and no API token");
            }
            log.accept("logging in to " + apiUrl + " as " + credentials.username());
            login();
        } else if (session.needsRenewal(Instant.now(clock))) {
            renew("it is " + Duration.between(session.issuedAt(), Instant.now(clock)).toMinutes() + " minutes old");
        }
    }

    /** Renews with the password if there is one, else with the ticket itself (valid while not expired). */
    private void renew(String why) {
        log.accept("renewing the Proxmox ticket (" + why + ")");
        if (credentials.password() != null && !credentials.password().isBlank()) {
            login();
        } else {
            ticketFor(session.ticket(), "ticket renewal");
        }
    }

    private JsonNode call(String method, String path, Map<String, ?> query, Map<String, ?> form) {
        if (!credentials.usesToken()) {
            ensureSession();
        }
        Response r = send(method, path, query, form, authHeaders(method));
        if (r.status == 401 && !credentials.usesToken()) {
            renew("the API answered 401 " + r.message());
            r = send(method, path, query, form, authHeaders(method));
        }
        if (r.status < 200 || r.status >= 300) {
            throw new ProxmoxApiException(r.status, method + " " + path + ": " + r.status + " " + r.message());
        }
        return r.json().path("data");
    }

    private Map<String, String> authHeaders(String method) {
        Map<String, String> h = new LinkedHashMap<>();
        if (credentials.usesToken()) {
            h.put("Authorization", "PVEAPIToken=" + credentials.apiToken());
        } else {
            h.put("Cookie", "PVEAuthCookie=" + session.ticket());
            if (!"GET".equals(method)) {
                h.put("CSRFPreventionToken", session.csrfToken());
            }
        }
        return h;
    }

    private record Response(int status, String reason, String body) {
        JsonNode json() {
            try {
                return body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new ProxmoxApiException(status, "the Proxmox API answered " + status + " with no JSON: "
                        + body.substring(0, Math.min(200, body.length())));
            }
        }

        /** The API's message (body, PVE 8.3+), else the reason phrase (older releases). */
        String message() {
            String fromBody = null;
            try {
                JsonNode m = json().path("message");
                fromBody = m.isTextual() ? m.asText().trim() : null;
                JsonNode errors = json().path("errors");
                if (errors.isObject() && !errors.isEmpty()) {
                    StringJoiner j = new StringJoiner("; ", " (", ")");
                    errors.fields().forEachRemaining(e -> j.add(e.getKey() + ": " + e.getValue().asText().trim()));
                    fromBody = (fromBody == null ? reason : fromBody) + j;
                }
            } catch (ProxmoxApiException ignored) {
                // not JSON: use the reason phrase
            }
            return fromBody != null && !fromBody.isEmpty() ? fromBody : (reason == null ? "" : reason);
        }
    }

    private Response send(String method, String path, Map<String, ?> query, Map<String, ?> form, Map<String, String> headers) {
        Exchange ex = template.send(endpoint, e -> {
            var m = e.getMessage();
            m.setHeader(Exchange.HTTP_METHOD, method);
            m.setHeader(Exchange.HTTP_PATH, "/api2/json" + path);
            if (query != null && !query.isEmpty()) {
                m.setHeader(Exchange.HTTP_QUERY, encode(query));
            }
            headers.forEach(m::setHeader);
            if (form != null) {
                m.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
                m.setBody(encode(form));
            }
        });
        if (ex.getException() != null) {
            Throwable t = ex.getException();
            Meters.count("pmgr.proxmox.requests", "method", method, "endpoint", endpointOf(path), "status", "unreachable");
            throw new ProxmoxApiException(0, "cannot reach Proxmox at " + apiUrl + " (" + method + " " + path + "): "
                    + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()));
        }
        var m = ex.getMessage();
        Integer status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Meters.count("pmgr.proxmox.requests", "method", method, "endpoint", endpointOf(path), "status",
                status == null ? "none" : Integer.toString(status));
        return new Response(status == null ? 0 : status, m.getHeader(Exchange.HTTP_RESPONSE_TEXT, String.class),
                m.getBody(String.class));
    }

    /**
     * The API endpoint of a path, as the metrics name it: the node, VM ids and task ids are
     * placeholders, so each endpoint is one series ("/nodes/{node}/qemu/{vmid}/status/start").
     */
    static String endpointOf(String path) {
        String p = path.replaceAll("^/nodes/[^/]+", "/nodes/{node}").replaceAll("/qemu/\\d+", "/qemu/{vmid}")
                .replaceAll("/tasks/[^/]+", "/tasks/{upid}");
        return p.isEmpty() ? "/" : p;
    }

    /** Form and query encoding; booleans as 0/1, which the API requires. */
    static String encode(Map<String, ?> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> {
            if (v != null) {
                String text = v instanceof Boolean b ? (b ? "1" : "0") : String.valueOf(v);
                j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
            }
        });
        return j.toString();
    }

    /** A UPID as one path segment (it holds ':', '@' and '!'). */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
