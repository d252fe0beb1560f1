package pmgr.sandbox.discord;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import pmgr.sandbox.discord.Entry.Kind;

/** Application commands, global and per guild: bulk overwrite, list, create, edit, delete. */
final class CommandsApi {
    private static final String GLOBAL = "applications/{application}/commands";
    private static final String GUILD = "applications/{application}/guilds/{guild}/commands";
    private final DiscordState state;
    private final CountDownLatch registered;

    CommandsApi(DiscordState state, CountDownLatch registered) {
        this.state = state;
        this.registered = registered;
    }

    void register(Router router) {
        for (String base : List.of(GLOBAL, GUILD)) {
            router.add("PUT", base, Kind.COMMANDS_REGISTERED, true, this::overwrite);
            router.add("GET", base, Kind.OTHER_REST, true, call -> RestReply.ok(state.commands.list(scope(call))));
            router.add("POST", base, Kind.COMMANDS_REGISTERED, true, call -> registered(
                    state.commands.upsert(scope(call), call.bodyObject())));
            router.add("GET", base + "/{command}", Kind.OTHER_REST, true, call -> RestReply.ok(
                    state.commands.byId(scope(call), call.var("command"))));
            router.add("PATCH", base + "/{command}", Kind.COMMANDS_REGISTERED, true, call -> registered(
                    state.commands.edit(scope(call), call.var("command"), call.bodyObject())));
            router.add("DELETE", base + "/{command}", Kind.OTHER_REST, true, call -> {
                state.commands.delete(scope(call), call.var("command"));
                return RestReply.noContent();
            });
        }
    }

    private RestReply overwrite(RestCall call) {
        if (!(call.body instanceof List<?> definitions)) {
            throw RestError.invalidField("_root", "MODEL_TYPE_CONVERT", "Only iterables may be used in a ListType");
        }
        return registered(state.commands.overwrite(scope(call), Json.asObjects(definitions)));
    }

    private RestReply registered(Object commands) {
        registered.countDown();
        return RestReply.ok(commands);
    }

    /** The guild the route names (null for global commands), after checking the bot may act there. */
    private String scope(RestCall call) {
        if (!state.directory.applicationId.equals(call.var("application"))) {
            throw RestError.missingAccess();
        }
        String guild = call.var("guild");
        if (guild != null && !guild.equals(state.directory.guildId)) {
            throw RestError.missingAccess();
        }
        return guild;
    }
}
