package pmgr.sandbox.tailscale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pmgr.common.Json;

/**
 * An in-process fake of the Tailscale API v2 on loopback, for the sandbox's tailnet: {@code GET
 * /api/v2/tailnet/{tailnet}/devices} with the API's device shape, authenticated like the real API
 * (the access token as a Bearer token or as Basic auth's user name; 401 {@code {"message":"API token
 * invalid"}} otherwise), 404 for a tailnet that is not this one ({@code -} is the token's own).
 *
 * <pre>{@code
 * try (FakeTailscale ts = FakeTailscale.builder().build().start()) {
 *     ts.addDevice("treehouse", "127.0.0.9", "linux", true);
 *     // GET ts.baseUrl() + "/api/v2/tailnet/-/devices" with "Authorization: Bearer " + ts.apiKey()
 * }
 * }</pre>
 *
 * <p>It is the tailnet's control server too, for the sandbox VMs' {@code tailscale} stand-in:
 * {@code POST /sandbox/control/register} (form: authKey, hostname, address) joins a machine when the
 * auth key is the tailnet's, answering {@code key=value} lines for the stand-in; a wrong key is 400
 * as Tailscale's control answers one. A machine's Tailscale IPv4 is the sandbox address it listens
 * on, so traffic to it reaches it.
 */
public final class FakeTailscale implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern DEVICES = Pattern.compile("/api/v2/tailnet/([^/]+)/devices");

    private final String host;
    private final int requestedPort;
    private final String tailnet;
    private final String dnsSuffix;
    private final String apiKey;
    private final String authKey;
    private final Map<String, Device> devices = new java.util.LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(7_000_000_000_000_000L);
    private final AtomicLong listCalls = new AtomicLong();
    private HttpServer server;

    /** One machine of the tailnet, by its hostname (its MagicDNS label). */
    public record Device(String id, String nodeId, String hostname, String ipv4, String ipv6, String os, boolean online,
                         Instant created, Instant lastSeen) {
        Device moved(String newIpv4) {
            return new Device(id, nodeId, hostname, newIpv4, ipv6, os, online, created, lastSeen);
        }
    }

    private FakeTailscale(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.tailnet = b.tailnet;
        this.dnsSuffix = b.dnsSuffix;
        this.apiKey = "tskey-api-" + random(12) + "CNTRL-" + random(24);
        this.authKey = "tskey-auth-" + random(12) + "CNTRL-" + random(24);
    }

    public static Builder builder() {
        return new Builder();
    }

    public synchronized FakeTailscale start() {
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(host, requestedPort), 16);
        } catch (IOException e) {
            throw new IllegalStateException("fake Tailscale API cannot listen on " + host + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://" + host + ":" + server.getAddress().getPort();
    }

    /** Where the VMs' tailscale stand-in joins the tailnet. */
    public String controlUrl() {
        return baseUrl() + "/sandbox/control";
    }

    /** The API access token the fake accepts. */
    public String apiKey() {
        return apiKey;
    }

    /** The auth key machines join the tailnet with. */
    public String authKey() {
        return authKey;
    }

    public String tailnet() {
        return tailnet;
    }

    /** A machine's MagicDNS name, as the API's {@code name} field gives it. */
    public String dnsName(String hostname) {
        return hostname + "." + dnsSuffix;
    }

    /** Adds a machine (or replaces the one of that hostname) as if it had joined. */
    public synchronized Device addDevice(String hostname, String ipv4, String os, boolean online) {
        Device existing = devices.get(hostname);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long id = ids.incrementAndGet();
        Device d = existing != null
                ? new Device(existing.id(), existing.nodeId(), hostname, ipv4, existing.ipv6(), os, online, existing.created(), now)
                : new Device(Long.toString(id), "n" + random(8) + "CNTRL", hostname, ipv4,
                        "fd7a:115c:a1e0::" + Long.toHexString(id & 0xffff), os, online, now, now);
        devices.put(hostname, d);
        return d;
    }

    /** Gives a machine another Tailscale IPv4 (as after it was re-created elsewhere). */
    public synchronized void moveDevice(String hostname, String ipv4) {
        Device d = device(hostname).orElseThrow(() -> new IllegalArgumentException("no device " + hostname + " in the tailnet"));
        devices.put(hostname, d.moved(ipv4));
    }

    public synchronized Optional<Device> device(String hostname) {
        return Optional.ofNullable(devices.get(hostname));
    }

    public synchronized List<Device> devices() {
        return List.copyOf(devices.values());
    }

    /** Device list calls answered (any status). */
    public long listCalls() {
        return listCalls.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/sandbox/control/register") && method.equals("POST")) {
                register(exchange, form(body));
                return;
            }
            Matcher m = DEVICES.matcher(path);
            if (!path.startsWith("/api/v2/")) {
                json(exchange, 404, Json.MAPPER.createObjectNode().put("message", "not found"));
            } else if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                json(exchange, 401, Json.MAPPER.createObjectNode().put("message", "API token invalid"));
            } else if (!m.matches() || !method.equals("GET")) {
                json(exchange, 404, Json.MAPPER.createObjectNode().put("message", "not found"));
            } else {
                listCalls.incrementAndGet();
                String name = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
                if (!name.equals("-") && !name.equals(tailnet)) {
                    json(exchange, 404, Json.MAPPER.createObjectNode().put("message", "tailnet not found"));
                } else {
                    json(exchange, 200, deviceList("all".equals(query(exchange).get("fields"))));
                }
            }
        }
    }

    /** The access token as a Bearer token, or as Basic auth's user name with an empty password. */
    private boolean authorized(String header) {
        if (header == null) {
            return false;
        }
        if (header.startsWith("Bearer ")) {
            return header.substring(7).equals(apiKey);
        }
        if (header.startsWith("Basic ")) {
            try {
                String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                return pair.equals(apiKey + ":");
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }

    private synchronized ObjectNode deviceList(boolean all) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode list = root.putArray("devices");
        for (Device d : devices.values()) {
            ObjectNode o = list.addObject();
            o.putArray("addresses").add(d.ipv4()).add(d.ipv6());
            o.put("id", d.id());
            o.put("nodeId", d.nodeId());
            o.put("user", "keeb@github");
            o.put("name", dnsName(d.hostname()));
            o.put("hostname", d.hostname());
            o.put("clientVersion", "1.76.6-t4a2b3c4d5-g1234567");
            o.put("updateAvailable", false);
            o.put("os", d.os());
            o.put("created", d.created().toString());
            o.put("connectedToControl", d.online());
            o.put("lastSeen", d.lastSeen().toString());
            o.put("keyExpiryDisabled", true);
            o.put("expires", "0001-01-01T00:00:00Z");
            o.put("authorized", true);
            o.put("isExternal", false);
            o.put("machineKey", "");
            o.put("nodeKey", "nodekey:" + d.nodeId().toLowerCase());
            o.put("blocksIncomingConnections", false);
            o.put("tailnetLockKey", "tlpub:" + d.nodeId().toLowerCase());
            o.put("tailnetLockError", "");
            if (all) {
                o.putArray("enabledRoutes");
                o.putArray("advertisedRoutes");
                o.putObject("clientConnectivity").putArray("endpoints").add(d.ipv4() + ":41641");
            }
        }
        return root;
    }

    /** The stand-in's join: a wrong auth key is refused as Tailscale's control refuses one. */
    private void register(HttpExchange exchange, Map<String, String> form) throws IOException {
        String hostname = form.getOrDefault("hostname", "");
        String address = form.getOrDefault("address", "");
        if (!authKey.equals(form.get("authKey"))) {
            text(exchange, 400, "invalid key: unable to validate API key\n");
            return;
        }
        if (!hostname.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?") || !address.matches("127(\\.\\d{1,3}){3}")) {
            text(exchange, 400, "bad registration: hostname '" + hostname + "', address '" + address + "'\n");
            return;
        }
        Device d = addDevice(hostname, address, "linux", true);
        text(exchange, 200, "ipv4=" + d.ipv4() + "\nipv6=" + d.ipv6() + "\ndnsName=" + dnsName(hostname) + ".\nnodeId=" + d.nodeId() + "\n");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static Map<String, String> query(HttpExchange exchange) {
        String q = exchange.getRequestURI().getRawQuery();
        return q == null ? Map.of() : form(q);
    }

    private static void json(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String random(int length) {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Where the fake listens and which tailnet it is. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String tailnet = "keeb.github";
        private String dnsSuffix = "tail5a4b3c.ts.net";

        private Builder() {
        }

        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder tailnet(String value) {
            this.tailnet = value;
            return this;
        }

        public Builder dnsSuffix(String value) {
            this.dnsSuffix = value;
            return this;
        }

        public FakeTailscale build() {
            return new FakeTailscale(this);
        }
    }
}
