package pmgr.models.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import pmgr.common.Json;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.models.http.JsonHttp;

/**
 * Posting a file to a channel of the bot's guild through Discord's REST API (camel-http, the bot's
 * token): the guild is the bot's first, the channel is found by name. The message mentions nobody,
 * whatever the file holds.
 */
public record DiscordPost(
        @Arg(description = "Discord's REST API", defaultValue = "${{ lab.discord.restUrl }}", pattern = "https?://\\S+",
                patternHint = "http(s)://host/api/v10") String restUrl,
        @Arg(description = "The bot's token (from the vault)", secret = true,
                defaultValue = "${{ vault.get(lab.discord.vault, 'discord-token') }}") String token,
        @Arg(description = "Channel to post in, by name", defaultValue = "${{ lab.discord.reportChannel }}",
                pattern = "[a-z0-9_-]{1,100}", patternHint = "a channel name: lower-case letters, digits, '-', '_'") String channel) {

    /** Posts {@code content} with {@code text} attached as {@code fileName}; returns the message's id. */
    String post(MethodContext ctx, String content, String fileName, String text) {
        JsonHttp http = new JsonHttp(ctx.template(), restUrl);
        JsonNode guilds = call(http, "GET", "/users/@me/guilds", null);
        if (!guilds.isArray() || guilds.isEmpty()) {
            throw new IllegalStateException("the bot is in no Discord guild, so there is no #" + channel + " to post in");
        }
        String guild = guilds.get(0).path("id").asText();
        String channelId = null;
        for (JsonNode c : call(http, "GET", "/guilds/" + JsonHttp.segment(guild) + "/channels", null)) {
            if (channel.equals(c.path("name").asText()) && c.path("type").asInt() == 0) {
                channelId = c.path("id").asText();
            }
        }
        if (channelId == null) {
            throw new IllegalStateException("guild " + guilds.get(0).path("name").asText() + " has no text channel #" + channel);
        }
        Map<String, Object> payload = Map.of("content", content, "allowed_mentions", Map.of("parse", List.of()),
                "attachments", List.of(Map.of("id", 0, "filename", fileName)));
        var body = MultipartEntityBuilder.create()
                .addTextBody("payload_json", Json.write(payload), ContentType.APPLICATION_JSON)
                .addBinaryBody("files[0]", text.getBytes(StandardCharsets.UTF_8), ContentType.create("text/markdown", StandardCharsets.UTF_8), fileName)
                .build();
        return call(http, "POST", "/channels/" + JsonHttp.segment(channelId) + "/messages", body).path("id").asText();
    }

    private JsonNode call(JsonHttp http, String method, String path, Object body) {
        JsonHttp.Answer r;
        try {
            r = http.send(method, path, null, Map.of("Authorization", "Bot " + token,
                    "User-Agent", "DiscordBot (https://github.com/pmgr, 0.1)"), body);
        } catch (JsonHttp.Unreachable e) {
            throw new IllegalStateException("cannot reach Discord at " + http.url() + " (" + e.getMessage() + ")");
        }
        if (!r.ok()) {
            throw new IllegalStateException("Discord refused " + method + " " + path + ": " + r.status() + " " + r.message());
        }
        return r.json();
    }
}
