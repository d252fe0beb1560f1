package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An in-process fake Grafana 11 HTTP API on loopback, so a client that speaks HTTP with a service-account
 * Bearer token can be tested end to end without a real Grafana.
 *
 * <pre>{@code
 * try (FakeGrafana grafana = FakeGrafana.builder().build().start()) {
 *     // point the client at grafana.baseUrl() with "Authorization: Bearer " + grafana.token()
 *     long before = grafana.writes();
 *     deploy();
 *     assertThat(grafana.writes()).isEqualTo(before); // a re-deploy changed nothing
 * }
 * }</pre>
 *
 * <p>Seeded like a fresh Grafana: data sources Prometheus (id 1, the default) and Loki (id 2), the contact
 * point "grafana-default-email" and the default notification policy; no folders, dashboards, rules or
 * annotations. One organisation, and the service account may do everything.
 */
public final class FakeGrafana implements AutoCloseable {
    static final String VERSION = "11.3.0";
    static final String COMMIT = "d9455ff7db73b694db7d412e49a68bec767f2b5a";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String host;
    private final int requestedPort;
    private final String token;
    private final GrafanaState state;
    private final Journal journal = new Journal();
    private Vertx vertx;
    private GrafanaServer front;
    private HttpServer server;
    private int port = -1;
    private boolean closed;

    private FakeGrafana(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.token = b.token != null ? b.token : randomToken();
        this.state = new GrafanaState(b.clock, b.prometheusUrl);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Listens; returns this once connections are accepted. A closed fake cannot be started again. */
    public synchronized FakeGrafana start() {
        if (closed) {
            throw new IllegalStateException("fake Grafana is closed");
        }
        if (vertx != null) {
            return this;
        }
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        Router router = new Router();
        router.open("GET", "/api/health", call -> Reply.ok(Json.object().put("database", "ok")
                .put("version", VERSION).put("commit", COMMIT)).prettyPrinted());
        new DashboardsApi(state).register(router);
        new SearchApi(state).register(router);
        new FoldersApi(state).register(router);
        new DatasourcesApi(state).register(router);
        new DatasourceProxy(state, vertx).register(router);
        new ContactPointsApi(state).register(router);
        new PoliciesApi(state).register(router);
        new AlertRulesApi(state).register(router);
        new AnnotationsApi(state).register(router);
        front = new GrafanaServer(state, router, journal, token);
        try {
            port = listen(requestedPort);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** Stops listening, as if Grafana were down: new connections are refused, open ones are closed. */
    public synchronized void pause() {
        requireStarted();
        if (server != null) {
            await(server.close().toCompletionStage().toCompletableFuture(), "stop listening");
            server = null;
        }
    }

    /** Listens again on the same port, with all state kept. */
    public synchronized void resume() {
        requireStarted();
        if (server == null) {
            listen(port);
        }
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        requireStarted();
        return "http://" + host + ":" + port;
    }

    /** The service-account token the fake accepts as {@code Authorization: Bearer <token>}. */
    public String token() {
        return token;
    }

    /** The stored dashboard model (with id, uid, title and version), a copy. */
    public Optional<JsonNode> dashboard(String uid) {
        synchronized (state) {
            return Optional.ofNullable(state.dashboards.get(uid)).map(d -> Json.copy(d.data));
        }
    }

    /** The dashboard's version, 0 when there is no such dashboard. */
    public int dashboardVersion(String uid) {
        synchronized (state) {
            StoredDashboard dash = state.dashboards.get(uid);
            return dash == null ? 0 : dash.version;
        }
    }

    /** Uids of the stored dashboards, in the order they were created. */
    public List<String> dashboards() {
        synchronized (state) {
            return List.copyOf(state.dashboards.keySet());
        }
    }

    /** The folders as GET /api/folders/{uid} shows them. */
    public List<JsonNode> folders() {
        synchronized (state) {
            List<JsonNode> out = new ArrayList<>();
            state.folders.values().forEach(f -> out.add(f.dto()));
            return List.copyOf(out);
        }
    }

    /** Contact points as stored: secure settings in clear, unlike the API's answers. */
    public List<JsonNode> contactPoints() {
        synchronized (state) {
            return List.copyOf(ContactPointsApi.unredacted(state).values());
        }
    }

    /** Points the Prometheus data source at another server, as an operator edits it in Grafana. */
    public void prometheusUrl(String url) {
        synchronized (state) {
            state.datasource(ds -> "prometheus".equals(ds.path("type").asText())).orElseThrow().put("url", url);
        }
    }

    /** The notification policy tree. */
    public JsonNode policy() {
        synchronized (state) {
            return Json.copy(state.policy);
        }
    }

    /** Alert rules as stored (what was sent, plus id, uid, orgID, updated and provenance). */
    public List<JsonNode> alertRules() {
        synchronized (state) {
            return List.copyOf(Json.copies(new ArrayList<ObjectNode>(state.rules.values())));
        }
    }

    public Optional<JsonNode> alertRule(String uid) {
        synchronized (state) {
            return Optional.ofNullable(Json.copy(state.rules.get(uid)));
        }
    }

    /** Annotations in the order they were added. */
    public List<JsonNode> annotations() {
        synchronized (state) {
            return List.copyOf(Json.copies(state.annotations));
        }
    }

    /**
     * How many requests changed state: 2xx answers to writes that did change something (deleting what is not
     * there does not count). A PUT of identical content counts: a client that wants "no change" must skip it.
     */
    public long writes() {
        synchronized (state) {
            return state.writes;
        }
    }

    /** Every answered request as "METHOD /path -> status", in order (paths without the query string). */
    public List<String> requests() {
        return journal.lines();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (vertx == null) {
            return;
        }
        try {
            // wait, so the port is free and no event-loop thread outlives the fake
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        vertx = null;
        server = null;
    }

    private int listen(int onPort) {
        HttpServer created = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(onPort))
                .requestHandler(front::handle);
        int actual = await(created.listen().toCompletionStage().toCompletableFuture(),
                "listen on " + host + ":" + onPort).actualPort();
        server = created;
        return actual;
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: fake Grafana could not " + what, e);
        } catch (Exception e) {
            throw new IllegalStateException("fake Grafana could not " + what, e);
        }
    }

    private void requireStarted() {
        if (vertx == null || port < 0) {
            throw new IllegalStateException(closed ? "fake Grafana is closed" : "fake Grafana is not started");
        }
    }

    /** "glsa_" and 32 letters and digits, like the secret part of a Grafana service-account token. */
    private static String randomToken() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder token = new StringBuilder("glsa_");
        for (int i = 0; i < 32; i++) {
            token.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return token.toString();
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String token;
        private String prometheusUrl = "http://127.0.0.1:9090";
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Default: a random token shaped like a real one ("glsa_..."). */
        public Builder serviceAccountToken(String token) {
            this.token = token;
            return this;
        }

        /** Where the Prometheus data source (and so its proxy) points; default http://127.0.0.1:9090. */
        public Builder prometheusUrl(String url) {
            this.prometheusUrl = url;
            return this;
        }

        /** The clock behind every timestamp and default annotation time (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public FakeGrafana build() {
            return new FakeGrafana(this);
        }
    }
}
