package pmgr.sandbox.discord;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * One WebSocket to a client. Payloads are written in the order {@link #send} was called: every write runs
 * as a task on the socket's event loop, and callers hold the state lock while queueing, so the shared zlib
 * stream (one Deflater per connection, each message ending in a sync flush) is never interleaved.
 */
final class GatewayConnection {
    private final ServerWebSocket socket;
    private final Context context;
    private final Deflater deflater;
    private boolean open = true;
    /** The session this connection carries, once IDENTIFY or RESUME succeeded; guarded by the state lock. */
    GatewaySession session;

    GatewayConnection(ServerWebSocket socket, Context context, boolean zlibStream) {
        this.socket = socket;
        this.context = context;
        this.deflater = zlibStream ? new Deflater() : null;
    }

    void send(Map<String, Object> payload) {
        byte[] json = Json.bytes(payload);
        context.runOnContext(v -> write(json));
    }

    void close(int code, String reason) {
        context.runOnContext(v -> {
            if (open && !socket.isClosed()) {
                socket.close((short) code, reason);
            }
        });
    }

    /** After the socket closed: frees the deflater once queued writes are done. */
    void dispose() {
        context.runOnContext(v -> {
            open = false;
            if (deflater != null) {
                deflater.end();
            }
        });
    }

    private void write(byte[] json) {
        if (!open || socket.isClosed()) {
            return;
        }
        if (deflater == null) {
            socket.writeTextMessage(new String(json, StandardCharsets.UTF_8));
        } else {
            socket.writeBinaryMessage(Buffer.buffer(compress(json)));
        }
    }

    private byte[] compress(byte[] json) {
        deflater.setInput(json);
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 2 + 16);
        byte[] chunk = new byte[8192];
        int written;
        do {
            written = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, written);
        } while (written == chunk.length || !deflater.needsInput());
        return out.toByteArray();
    }
}
