package pmgr.sandbox.grafana;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front: routing, the service-account check, Grafana-shaped errors, the journal and the write count.
 * An unknown path is a 404 before any credential check, as Grafana's catch-all route is.
 */
final class GrafanaServer {
    private static final Logger LOG = LoggerFactory.getLogger(GrafanaServer.class);
    private final GrafanaState state;
    private final Router router;
    private final Journal journal;
    private final String bearer;

    GrafanaServer(GrafanaState state, Router router, Journal journal, String token) {
        this.state = state;
        this.router = router;
        this.journal = journal;
        this.bearer = "Bearer " + token;
    }

    void handle(HttpServerRequest request) {
        request.body().onComplete(ar -> answer(request, ar.succeeded() ? ar.result() : Buffer.buffer()));
    }

    private void answer(HttpServerRequest request, Buffer body) {
        String method = request.method().name();
        try {
            Optional<Router.Match> found = router.match(method, request.path());
            if (found.isEmpty()) {
                throw ApiError.notFound();
            }
            Router.Match match = found.get();
            if (!match.route().open()) {
                authorize(request.getHeader("Authorization"));
            }
            ApiCall call = new ApiCall(method, match.vars(), request.params(), request.headers(), request.query(),
                    body);
            if (match.route().async() != null) {
                match.route().async().handle(call).onComplete(ar -> send(request,
                        ar.succeeded() ? ar.result() : internalError(request, ar.cause())));
                return;
            }
            Reply reply;
            synchronized (state) {
                reply = match.route().handler().handle(call);
            }
            send(request, reply);
        } catch (ApiError e) {
            send(request, Reply.of(e));
        } catch (RuntimeException e) {
            send(request, internalError(request, e));
        }
    }

    /** A missing credential and a wrong one get different errutil answers, as Grafana's authn gives. */
    private void authorize(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw ApiError.missingCredentials();
        }
        if (!authorization.equals(bearer)) {
            throw ApiError.invalidApiKey();
        }
    }

    private static Reply internalError(HttpServerRequest request, Throwable e) {
        LOG.warn("fake Grafana failed on {} {}", request.method(), request.path(), e);
        return Reply.of(ApiError.traced(500, "Internal Server Error"));
    }

    private void send(HttpServerRequest request, Reply reply) {
        if (reply.changed() && reply.status() >= 200 && reply.status() < 300) {
            synchronized (state) {
                state.writes++;
            }
        }
        journal.record(request.method().name(), request.path(), reply.status());
        HttpServerResponse response = request.response();
        if (response.closed()) {
            return;
        }
        response.setStatusCode(reply.status());
        if (reply.raw() != null) {
            if (reply.contentType() != null) {
                response.putHeader("Content-Type", reply.contentType());
            }
            response.end(reply.raw());
        } else if (reply.json() == null || reply.status() == 204) {
            response.end();
        } else {
            response.putHeader("Content-Type", "application/json" + (reply.pretty() ? "; charset=UTF-8" : ""));
            response.end(Buffer.buffer(Json.bytes(reply.json(), reply.pretty())));
        }
    }
}
