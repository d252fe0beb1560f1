package pmgr.sandbox.discord;

import java.util.function.Supplier;
import pmgr.sandbox.discord.Directory.Account;
import pmgr.sandbox.discord.Entry.Kind;

/** The bot's own user, other users, members, DM channels and the gateway URL. */
final class UsersApi {
    private final DiscordState state;
    private final Supplier<String> gatewayUrl;

    UsersApi(DiscordState state, Supplier<String> gatewayUrl) {
        this.state = state;
        this.gatewayUrl = gatewayUrl;
    }

    void register(Router router) {
        router.add("GET", "users/@me", Kind.REST_USERS_ME, true, call -> RestReply.ok(state.entities.self()));
        router.add("POST", "users/@me/channels", Kind.DM_CHANNEL_OPENED, true, this::openDm);
        router.add("GET", "users/@me/guilds", Kind.OTHER_REST, true, call -> RestReply.ok(java.util.List.of(new JsonMap()
                .with("id", state.directory.guildId).with("name", state.directory.guildName).with("icon", null)
                .with("owner", false).with("permissions", "2248473465835073").with("features", java.util.List.of()))));
        router.add("GET", "guilds/{guild}/channels", Kind.OTHER_REST, true, call -> {
            if (!state.directory.guildId.equals(call.var("guild"))) {
                throw RestError.of(404, 10004, "Unknown Guild");
            }
            return RestReply.ok(state.directory.guildChannels().stream().map(state.entities::channel).toList());
        });
        router.add("GET", "users/{user}", Kind.OTHER_REST, true, call -> RestReply.ok(
                state.entities.user(account(call.var("user")))));
        router.add("GET", "guilds/{guild}/members/{user}", Kind.OTHER_REST, true, this::member);
        router.add("GET", "gateway", Kind.OTHER_REST, false, call -> RestReply.ok(
                new JsonMap().with("url", gatewayUrl.get())));
        router.add("GET", "gateway/bot", Kind.OTHER_REST, true, call -> RestReply.ok(new JsonMap()
                .with("url", gatewayUrl.get())
                .with("shards", 1)
                .with("session_start_limit", new JsonMap()
                        .with("total", 1000).with("remaining", 999).with("reset_after", 86_400_000)
                        .with("max_concurrency", 1))));
    }

    /** Opening a DM twice gives the same channel, as on Discord. */
    private RestReply openDm(RestCall call) {
        Object recipient = call.bodyObject().get("recipient_id");
        if (recipient == null) {
            throw RestError.invalidField("recipient_id", "BASE_TYPE_REQUIRED", "This field is required");
        }
        Account account = account(String.valueOf(recipient));
        Directory.Channel dm = state.directory.dmWith(account.id());
        call.channelId = dm.id();
        return RestReply.ok(state.entities.channel(dm));
    }

    private RestReply member(RestCall call) {
        if (!state.directory.guildId.equals(call.var("guild"))) {
            throw RestError.of(404, 10004, "Unknown Guild");
        }
        return RestReply.ok(state.entities.member(state.directory.member(call.var("user"))
                .orElseThrow(RestError::unknownMember)));
    }

    private Account account(String id) {
        String resolved = "@me".equals(id) ? state.directory.bot.id() : id;
        return state.directory.accountById(resolved).orElseThrow(RestError::unknownUser);
    }
}
