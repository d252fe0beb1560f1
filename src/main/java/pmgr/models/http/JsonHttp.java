package pmgr.models.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import pmgr.common.Json;

/**
 * A JSON HTTP API reached through camel-http: one endpoint per base URL, every call bounded by
 * connect and response timeouts, the answer as its status and body whatever the status. Callers
 * turn a refusal into their own error with the API's {@code message}.
 */
public final class JsonHttp {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    private final ProducerTemplate template;
    private final URI base;
    private final Endpoint endpoint;

    public JsonHttp(ProducerTemplate template, String baseUrl) {
        this.template = template;
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.endpoint = template.getCamelContext().getEndpoint(base.getScheme() + "://" + base.getAuthority()
                + "?throwExceptionOnFailure=false&followRedirects=false"
                + "&connectTimeout=" + CONNECT_TIMEOUT.toMillis() + "&responseTimeout=" + RESPONSE_TIMEOUT.toMillis()
                + "&connectionRequestTimeout=" + CONNECT_TIMEOUT.toMillis());
    }

    /** The base URL, without a trailing slash. */
    public String url() {
        return base.toString();
    }

    /** The API could not be reached at all (refused, timed out, no route). */
    public static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message);
        }
    }

    /** What the API answered. */
    public record Answer(int status, String reason, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body as JSON (an empty object for no body); a body that is not JSON is an IllegalStateException. */
        public JsonNode json() {
            try {
                return body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("the API answered " + status + " with no JSON: "
                        + body.substring(0, Math.min(200, body.length())));
            }
        }

        /** The API's own {@code message}, else the reason phrase. */
        public String message() {
            try {
                JsonNode m = json().path("message");
                if (m.isTextual() && !m.asText().isBlank()) {
                    return m.asText();
                }
            } catch (IllegalStateException notJson) {
                // the reason phrase says it
            }
            return reason == null ? "" : reason;
        }
    }

    /**
     * One call. {@code body} is sent as is when it is text (JSON already) or an HTTP entity
     * (multipart), else written as JSON.
     */
    public Answer send(String method, String path, Map<String, ?> query, Map<String, String> headers, Object body) {
        Exchange ex = template.send(endpoint, e -> {
            var m = e.getMessage();
            m.setHeader(Exchange.HTTP_METHOD, method);
            m.setHeader(Exchange.HTTP_PATH, base.getPath() + path);
            if (query != null && !query.isEmpty()) {
                m.setHeader(Exchange.HTTP_QUERY, encode(query));
            }
            headers.forEach(m::setHeader);
            if (body != null) {
                boolean json = !(body instanceof org.apache.hc.core5.http.HttpEntity);
                if (json) {
                    m.setHeader(Exchange.CONTENT_TYPE, "application/json");
                }
                m.setBody(json && !(body instanceof String) ? Json.write(body) : body);
            }
        });
        if (ex.getException() != null) {
            Throwable t = ex.getException();
            throw new Unreachable(method + " " + path + ": " + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()));
        }
        var m = ex.getMessage();
        Integer status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return new Answer(status == null ? 0 : status, m.getHeader(Exchange.HTTP_RESPONSE_TEXT, String.class), m.getBody(String.class));
    }

    /** Query encoding; a list value gives the parameter once per element. */
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

    /** A value as one path segment. */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
