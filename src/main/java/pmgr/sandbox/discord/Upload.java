package pmgr.sandbox.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A file sent in a multipart request as {@code files[n]}; Discord turns it into an attachment object. */
record Upload(int index, String filename, String contentType, long size) {

    /**
     * Replaces the body's attachment stubs ({@code {"id": n, ...}} pointing at {@code files[n]}) with full
     * attachment objects; stubs naming an attachment the message already has stay for {@link Messaging}.
     */
    static Map<String, Object> attach(Map<String, Object> body, List<Upload> uploads, Snowflakes ids) {
        JsonMap result = new JsonMap(body);
        List<Map<String, Object>> stubs = body.get("attachments") instanceof List<?> list ? Json.asObjects(list)
                : uploads.stream().map(u -> (Map<String, Object>) new JsonMap().with("id", u.index())).toList();
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (Map<String, Object> stub : stubs) {
            Upload upload = uploads.stream().filter(u -> String.valueOf(u.index()).equals(String.valueOf(stub.get("id"))))
                    .findFirst().orElse(null);
            attachments.add(upload == null ? stub : upload.attachment(ids.next(), stub));
        }
        result.put("attachments", attachments);
        return result;
    }

    private JsonMap attachment(String id, Map<String, Object> stub) {
        String name = String.valueOf(stub.getOrDefault("filename", filename));
        return new JsonMap()
                .with("id", id)
                .with("filename", name)
                .with("description", stub.get("description"))
                .with("size", size)
                .with("url", "https://cdn.discordapp.com/attachments/0/" + id + "/" + name)
                .with("proxy_url", "https://media.discordapp.net/attachments/0/" + id + "/" + name)
                .with("content_type", contentType)
                .with("content_scan_version", 0);
    }
}
