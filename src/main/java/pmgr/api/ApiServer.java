package pmgr.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pmgr.config.Settings;
import pmgr.engine.Engine;
import pmgr.ops.Operations;

/**
 * {@code pmgr serve}: the engine plus the HTTP API with its bearer token, and {@code server.json}
 * so the CLI on this machine talks to it instead of opening the database itself.
 */
public final class ApiServer implements AutoCloseable {
    private final Engine engine;
    private final String url;
    private final ServerInfo info;

    private final Operations operations;

    private ApiServer(Engine engine, String url, ServerInfo info, Operations operations) {
        this.engine = engine;
        this.url = url;
        this.info = info;
        this.operations = operations;
    }

    /** Names Hawtio's address in server.json beside the API's. */
    public void announceHawtio(String hawtioUrl) {
        info.withHawtio(hawtioUrl).write(engine.dataDir());
    }

    public static ApiServer start(Settings settings, Engine.Options options) {
        return start(settings, options, List.of());
    }

    /** With endpoints beside the engine's (the sandbox's chat). */
    public static ApiServer start(Settings settings, Engine.Options options, List<ApiRoutes.Endpoint> endpoints) {
        String host = settings.get("pmgr.http.host");
        int port = settings.getInt("pmgr.http.port");
        if (port == 0) {
            port = freePort(host);
        } else {
            requireFree(host, port);
        }
        String token = ApiToken.ensure(settings);
        Map<String, String> camel = new HashMap<>(options.camelProperties());
        camel.put("camel.server.enabled", "true");
        camel.put("camel.server.host", host);
        camel.put("camel.server.port", Integer.toString(port));
        // larger request bodies are refused with 413 before anything reads them
        camel.put("camel.server.maxBodySize", settings.get("pmgr.http.max-body-bytes"));
        var routes = new ArrayList<>(options.extraRoutes());
        // meters to scrape: without a token on loopback unless asked, with the API token elsewhere
        String required = settings.get("pmgr.metrics.token-required");
        boolean metricsNeedToken = "auto".equals(required) ? !loopback(host) : Boolean.parseBoolean(required);
        camel.put("camel.metrics.enabled", "true");
        routes.add(e -> new ApiRoutes(new LocalApi(e), token, metricsNeedToken, endpoints));
        Engine engine = Engine.start(settings, new Engine.Options(options.extraModelTypes(), List.copyOf(routes), camel,
                options.serving()));
        Operations operations = Operations.start(engine);
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        ServerInfo info = new ServerInfo(url, ProcessHandle.current().pid(), null);
        info.write(settings.dataDir());
        return new ApiServer(engine, url, info, operations);
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** Vert.x only logs a failed bind; a server that cannot listen must not start at all. */
    private static void requireFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); is another pmgr serve running? Choose another port with pmgr.http.port (PMGR_HTTP_PORT)");
        }
    }

    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }

    public Engine engine() {
        return engine;
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        operations.close();
        ServerInfo.remove(engine.dataDir());
        engine.close();
    }
}
