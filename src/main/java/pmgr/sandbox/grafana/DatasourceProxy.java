package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code /api/datasources/proxy/{id}/...} and {@code /api/datasources/proxy/uid/{uid}/...}: forwards method,
 * rest of the path, query and body to the data source's URL and passes the answer back. Like Grafana's
 * reverse proxy, an upstream that cannot be reached is a 502 and one that does not answer in time a 504,
 * both without a body. It runs on the event loop with Vert.x's client, so nothing blocks.
 */
final class DatasourceProxy {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Headers worth passing on; credentials stay behind, as Grafana replaces them with the data source's. */
    private static final List<String> FORWARDED = List.of("Content-Type", "Accept");
    private final GrafanaState state;
    private final Vertx vertx;
    private final HttpClient client;

    DatasourceProxy(GrafanaState state, Vertx vertx) {
        this.state = state;
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT.toMillis()));
    }

    void register(Router router) {
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            router.async(method, "/api/datasources/proxy/uid/{uid}/**",
                    call -> forward(call, ds -> ds.path("uid").asText().equals(call.var("uid"))));
            router.async(method, "/api/datasources/proxy/{id}/**",
                    call -> forward(call, ds -> ds.path("id").asText().equals(call.var("id"))));
        }
    }

    private Future<Reply> forward(ApiCall call, Predicate<ObjectNode> which) {
        String base;
        synchronized (state) {
            base = state.datasource(which).map(ds -> ds.path("url").asText()).orElse(null);
        }
        if (base == null) {
            return Future.succeededFuture(Reply.of(ApiError.traced(404, "Unable to find datasource")));
        }
        String target = join(base, call.var(Router.REST)) + (call.rawQuery == null ? "" : "?" + call.rawQuery);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(call.method))
                .setAbsoluteURI(target);
        for (String header : FORWARDED) {
            String value = call.headers.get(header);
            if (value != null) {
                options.putHeader(header, value);
            }
        }
        Promise<Reply> answer = Promise.promise();
        HttpClientRequest[] sent = new HttpClientRequest[1];
        long timer = vertx.setTimer(TIMEOUT.toMillis(), id -> {
            if (answer.tryComplete(Reply.of(ApiError.empty(504))) && sent[0] != null) {
                sent[0].reset();
            }
        });
        client.request(options)
                .compose(request -> {
                    sent[0] = request;
                    return call.body.length() == 0 ? request.send() : request.send(call.body);
                })
                .compose(response -> response.body()
                        .map(body -> Reply.raw(response.statusCode(), response.getHeader("Content-Type"), body)))
                .onComplete(result -> {
                    vertx.cancelTimer(timer);
                    answer.tryComplete(result.succeeded() ? result.result() : Reply.of(ApiError.empty(
                            result.cause().getClass().getSimpleName().contains("Timeout") ? 504 : 502)));
                });
        return answer.future();
    }

    private static String join(String base, String rest) {
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return rest == null || rest.isEmpty() ? trimmed + "/" : trimmed + "/" + rest;
    }
}
