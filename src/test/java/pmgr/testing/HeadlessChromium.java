package pmgr.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import pmgr.common.Json;

/**
 * A real headless Chromium driven over the DevTools protocol (its WebSocket), for tests of pages
 * such as Hawtio: navigate, run JavaScript in the page, wait for what the page shows.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket page) {
        this.process = process;
        this.profile = profile;
        this.page = page;
    }

    /** Starts Chromium (the test needs {@code chromium}: see {@link Tools#require}) with one empty page. */
    public static HeadlessChromium start() throws Exception {
        Tools.require("chromium");
        Path profile = Files.createTempDirectory("pmgr-chromium");
        Process p = new ProcessBuilder("chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "about:blank").redirectErrorStream(true).start();
        String devtools = null;
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        Instant deadline = Instant.now().plus(WAIT);
        while (devtools == null && Instant.now().isBefore(deadline)) {
            String line = out.readLine();
            if (line == null) {
                break;
            }
            if (line.startsWith("DevTools listening on ")) {
                devtools = line.substring("DevTools listening on ".length()).trim();
            }
        }
        if (devtools == null) {
            p.destroyForcibly();
            throw new IllegalStateException("Chromium did not open its DevTools port within " + WAIT.toSeconds() + "s");
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
        URI browser = URI.create(devtools);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority()
                + "/json/new?about:blank")).PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        String pageUrl = Json.MAPPER.readTree(created.body()).path("webSocketDebuggerUrl").asText();
        HeadlessChromium[] self = new HeadlessChromium[1];
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    self[0].answered(text.toString());
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        self[0] = new HeadlessChromium(p, profile, ws);
        return self[0];
    }

    private void answered(String message) {
        try {
            JsonNode m = Json.MAPPER.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                if (f != null) {
                    f.complete(m);
                }
            }
        } catch (Exception ignored) {
            // events we do not follow
        }
    }

    private JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        page.sendText(Json.write(Map.of("id", id, "method", method, "params", params)), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonNode m = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (m.has("error")) {
            throw new IllegalStateException(method + " failed: " + m.get("error"));
        }
        return m.path("result");
    }

    public void navigate(String url) throws Exception {
        send("Page.navigate", Map.of("url", url));
    }

    /** Runs JavaScript in the page (promises are awaited) and returns its value. */
    public JsonNode evaluate(String javascript) throws Exception {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", javascript, "awaitPromise", true, "returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("the page's JavaScript failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Waits until the page's visible text passes the test; fails naming what it waited for and what it saw. */
    public String awaitText(Predicate<String> test, String what, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String text = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                text = evaluate("document.body ? document.body.innerText : ''").asText();
            } catch (IllegalStateException navigating) {
                text = "";
            }
            if (test.test(text)) {
                return text;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("waited " + timeout.toSeconds() + "s for the page to show " + what + "; it showed:\n" + text);
    }

    @Override
    public void close() throws Exception {
        page.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
