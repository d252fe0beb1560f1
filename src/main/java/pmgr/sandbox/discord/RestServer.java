package pmgr.sandbox.discord;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of the REST API: routing below /api/v10/, bot authorisation, JSON (and multipart) bodies,
 * rate-limit headers, Discord-shaped errors, and one journal entry per request once it is answered.
 */
final class RestServer {
    static final String PREFIX = "/api/v10/";
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
    private final DiscordState state;
    private final Router router;
    private final Journal journal;
    private final String botAuthorization;

    RestServer(DiscordState state, Router router, Journal journal, String botToken) {
        this.state = state;
        this.router = router;
        this.journal = journal;
        this.botAuthorization = "Bot " + botToken;
    }

    void handle(HttpServerRequest request) {
        String type = request.getHeader("Content-Type");
        if (type != null && type.startsWith("multipart/form-data")) {
            List<Upload> uploads = new ArrayList<>();
            request.setExpectMultipart(true);
            request.uploadHandler(upload -> {
                long[] size = {0};
                upload.handler(chunk -> size[0] += chunk.length());
                upload.endHandler(v -> uploads.add(new Upload(fileIndex(upload.name()), upload.filename(),
                        upload.contentType(), size[0])));
            });
            request.endHandler(v -> answer(request, request.formAttributes().get("payload_json"), uploads));
        } else {
            request.body().onSuccess(body -> answer(request, body.length() == 0 ? null : body.toString(), List.of()));
        }
    }

    private void answer(HttpServerRequest request, String rawBody, List<Upload> uploads) {
        String method = request.method().name();
        String path = request.path().startsWith(PREFIX) ? request.path().substring(PREFIX.length()) : request.path();
        Map<String, String> headers = new LinkedHashMap<>();
        Entry.Kind kind = Entry.Kind.OTHER_REST;
        RestCall call = null;
        Object requestBody = null;
        int status;
        Object responseBody;
        try {
            if (!request.path().startsWith(PREFIX)) {
                throw RestError.notFound();
            }
            Router.Match match = router.match(method, path);
            kind = match.route().kind();
            if (match.route().botAuth() && !botAuthorization.equals(request.getHeader("Authorization"))) {
                throw RestError.unauthorized();
            }
            requestBody = parse(rawBody);
            synchronized (state) {
                if (!uploads.isEmpty() && requestBody instanceof Map<?, ?> map) {
                    requestBody = Upload.attach(Json.asObject(map), uploads, state.ids);
                }
                call = new RestCall(match.vars(), query(request.params()), requestBody, state.now(),
                        match.route().bucketHash(), kind);
                headers.putAll(state.buckets.take(match, call.now));
                RestReply reply = match.route().handler().handle(call);
                status = reply.status();
                responseBody = reply.body();
            }
        } catch (RestError e) {
            status = e.status;
            responseBody = e.body;
            headers.putAll(e.headers);
        } catch (RuntimeException e) {
            LOG.warn("fake Discord failed on {} {}", method, path, e);
            status = 500;
            responseBody = new JsonMap().with("message", "500: Internal Server Error").with("code", 0);
        }
        respond(request.response(), status, responseBody, headers);
        journal.record(call == null ? kind : call.kind, method, path, status, requestBody, responseBody,
                call == null ? null : call.interactionId, call == null ? null : call.messageId,
                call == null ? null : call.channelId);
    }

    /** {@code via} marks the answer as Discord's own, so JDA does not take a 429 for a Cloudflare ban. */
    private static void respond(HttpServerResponse response, int status, Object body, Map<String, String> headers) {
        response.setStatusCode(status);
        response.putHeader("via", "1.1 google");
        headers.forEach(response::putHeader);
        if (body == null) {
            response.end();
            return;
        }
        response.putHeader("Content-Type", "application/json");
        response.end(Buffer.buffer(Json.bytes(body)));
    }

    private static Object parse(String rawBody) {
        if (rawBody == null || rawBody.isBlank()) {
            return null;
        }
        try {
            return Json.parse(rawBody.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw RestError.invalidJson();
        }
    }

    private static Map<String, String> query(MultiMap params) {
        Map<String, String> query = new LinkedHashMap<>();
        params.forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
        return query;
    }

    /** "files[2]" → 2; JDA names its parts that way. */
    private static int fileIndex(String partName) {
        String digits = partName.replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }
}
