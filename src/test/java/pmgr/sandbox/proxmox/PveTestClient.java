package pmgr.sandbox.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A minimal PVE client over java.net.http that trusts exactly the sandbox certificate. */
final class PveTestClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SandboxProxmox pve;
    private final HttpClient http;

    /** How a request authenticates. */
    record Auth(String cookie, String csrf, String authorization) {
        static Auth none() {
            return new Auth(null, null, null);
        }

        static Auth token(String header) {
            return new Auth(null, null, header);
        }

        Auth withoutCsrf() {
            return new Auth(cookie, null, authorization);
        }
    }

    record Response(int status, String body, Map<String, String> headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        JsonNode data() {
            return json().get("data");
        }

        String message() {
            JsonNode m = json().get("message");
            return m == null ? null : m.asText();
        }
    }

    PveTestClient(SandboxProxmox pve) {
        this.pve = pve;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(trusting(pve.certificatePem()))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static SSLContext trusting(String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            InputStream in = new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
            X509Certificate cert = (X509Certificate) factory.generateCertificate(in);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("sandbox-pve", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Auth login(String user, String password) {
        Response r = send("POST", "/access/ticket", form("username", user, "password", password), Auth.none());
        if (r.status() != 200) {
            throw new AssertionError("login failed: " + r);
        }
        JsonNode d = r.data();
        return new Auth("PVEAuthCookie=" + d.get("ticket").asText(), d.get("CSRFPreventionToken").asText(), null);
    }

    Response get(String path, Auth auth) {
        return send("GET", path, null, auth);
    }

    Response post(String path, String form, Auth auth) {
        return send("POST", path, form, auth);
    }

    Response put(String path, String form, Auth auth) {
        return send("PUT", path, form, auth);
    }

    Response delete(String path, Auth auth) {
        return send("DELETE", path, null, auth);
    }

    Response sendJson(String method, String path, String json, Auth auth) {
        return send(method, path, json, "application/json", auth);
    }

    Response send(String method, String path, String body, Auth auth) {
        return send(method, path, body, "application/x-www-form-urlencoded", auth);
    }

    private Response send(String method, String path, String body, String contentType, Auth auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pve.baseUrl() + "/api2/json" + path))
                .timeout(Duration.ofSeconds(10));
        if (auth.cookie() != null) {
            b.header("Cookie", auth.cookie());
        }
        if (auth.csrf() != null) {
            b.header("CSRFPreventionToken", auth.csrf());
        }
        if (auth.authorization() != null) {
            b.header("Authorization", auth.authorization());
        }
        if (body != null) {
            b.header("Content-Type", contentType);
            b.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            return new Response(r.statusCode(), r.body(), headers);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls the task status until it is stopped; returns the final status data. */
    JsonNode waitForTask(String node, String upid, Auth auth) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String path = "/nodes/" + node + "/tasks/" + URLEncoder.encode(upid, StandardCharsets.UTF_8) + "/status";
        while (System.nanoTime() < deadline) {
            JsonNode data = get(path, auth).data();
            if ("stopped".equals(data.get("status").asText())) {
                return data;
            }
            sleep(20);
        }
        throw new AssertionError("task did not finish: " + upid);
    }

    static String form(String... pairs) {
        StringJoiner joiner = new StringJoiner("&");
        for (int i = 0; i < pairs.length; i += 2) {
            joiner.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return joiner.toString();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
