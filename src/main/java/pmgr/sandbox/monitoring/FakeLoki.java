package pmgr.sandbox.monitoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Just enough of Loki for the sandbox hub: {@code GET /ready} answers {@code ready} (what the hub's
 * discover asks), {@code POST /loki/api/v1/push} accepts and counts pushes (nothing is stored, and
 * the sandbox's promtail stand-in never pushes). Everything else is 404.
 */
public final class FakeLoki implements AutoCloseable {
    private final HttpServer server;
    private final AtomicLong pushes = new AtomicLong();

    private FakeLoki(HttpServer server) {
        this.server = server;
    }

    /** Listens on the address (port 0: a free one). */
    public static FakeLoki start(String address, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 16);
        FakeLoki loki = new FakeLoki(server);
        server.createContext("/", loki::handle);
        server.start();
        return loki;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public long pushes() {
        return pushes.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/ready") && method.equals("GET")) {
                reply(exchange, 200, "ready\n");
            } else if (path.equals("/loki/api/v1/push") && method.equals("POST")) {
                pushes.incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
            } else {
                reply(exchange, 404, "404 page not found\n");
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
