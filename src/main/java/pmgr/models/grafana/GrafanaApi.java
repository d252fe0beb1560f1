package pmgr.models.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import pmgr.common.Json;
import pmgr.common.Meters;

/**
 * Grafana's HTTP API over camel-http with a service-account token: JSON in and out, errors carrying
 * Grafana's {@code message}, every call bounded by connect and response timeouts. Bodies are sent
 * as given (a rule file's {@code {{ $labels.x }}} templates arrive untouched): nothing here goes
 * through a shell.
 */
final class GrafanaApi {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    private final ProducerTemplate template;
    private final String url;
    private final String token;
    private final Endpoint endpoint;

    GrafanaApi(ProducerTemplate template, String url, String token) {
        this.template = template;
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
        URI uri = URI.create(this.url);
        this.endpoint = template.getCamelContext().getEndpoint(uri.getScheme() + "://" + uri.getAuthority()
                + "?throwExceptionOnFailure=false&followRedirects=false"
                + "&connectTimeout=" + CONNECT_TIMEOUT.toMillis() + "&responseTimeout=" + RESPONSE_TIMEOUT.toMillis()
                + "&connectionRequestTimeout=" + CONNECT_TIMEOUT.toMillis());
    }

    String url() {
        return url;
    }

    JsonNode get(String path, Map<String, ?> query) {
        return ok("GET", path, query, null);
    }

    /** The object at the path, or empty on 404. */
    Optional<JsonNode> find(String path) {
        Response r = send("GET", path, null, null);
        if (r.status == 404) {
            return Optional.empty();
        }
        return Optional.of(checked("GET", path, r));
    }

    JsonNode post(String path, Object body) {
        return ok("POST", path, null, body);
    }

    JsonNode put(String path, Object body) {
        return ok("PUT", path, null, body);
    }

    private JsonNode ok(String method, String path, Map<String, ?> query, Object body) {
        return checked(method, path, send(method, path, query, body));
    }

    private JsonNode checked(String method, String path, Response r) {
        if (r.status < 200 || r.status >= 300) {
            throw new GrafanaApiException(r.status, "Grafana " + method + " " + path + ": " + r.status + " " + r.message());
        }
        return r.json();
    }

    /** {@code body} is sent as is when it is text (JSON already), else written as JSON. */
    private Response send(String method, String path, Map<String, ?> query, Object body) {
        Exchange ex = template.send(endpoint, e -> {
            var m = e.getMessage();
            m.setHeader(Exchange.HTTP_METHOD, method);
            m.setHeader(Exchange.HTTP_PATH, URI.create(url).getPath() + path);
            if (query != null && !query.isEmpty()) {
                m.setHeader(Exchange.HTTP_QUERY, encode(query));
            }
            m.setHeader("Authorization", "Bearer " + token);
            m.setHeader("Accept", "application/json");
            if (body != null) {
                m.setHeader(Exchange.CONTENT_TYPE, "application/json");
                m.setBody(body instanceof String text ? text : Json.write(body));
            }
        });
        if (ex.getException() != null) {
            Throwable t = ex.getException();
            Meters.count("pmgr.grafana.requests", "method", method, "status", "unreachable");
            throw new GrafanaApiException(0, "cannot reach Grafana at " + url + " (" + method + " " + path + "): "
                    + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()));
        }
        var m = ex.getMessage();
        Integer status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Meters.count("pmgr.grafana.requests", "method", method, "status", status == null ? "none" : Integer.toString(status));
        return new Response(status == null ? 0 : status, m.getHeader(Exchange.HTTP_RESPONSE_TEXT, String.class), m.getBody(String.class));
    }

    private record Response(int status, String reason, String body) {
        JsonNode json() {
            try {
                return body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new GrafanaApiException(status, "Grafana answered " + status + " with no JSON: "
                        + body.substring(0, Math.min(200, body.length())));
            }
        }

        String message() {
            try {
                JsonNode msg = json().path("message");
                if (msg.isTextual() && !msg.asText().isBlank()) {
                    return msg.asText();
                }
            } catch (GrafanaApiException notJson) {
                // the reason phrase says it
            }
            return reason == null ? "" : reason;
        }
    }

    static String encode(Map<String, ?> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> {
            if (v instanceof Iterable<?> many) {
                many.forEach(one -> j.add(param(k, one)));
            } else if (v != null) {
                j.add(param(k, v));
            }
        });
        return j.toString();
    }

    private static String param(String k, Object v) {
        return URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8);
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
