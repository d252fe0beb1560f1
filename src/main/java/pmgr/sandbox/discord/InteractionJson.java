package pmgr.sandbox.discord;

import java.util.List;
import java.util.Map;
import pmgr.sandbox.discord.Directory.Channel;
import pmgr.sandbox.discord.Directory.Member;

/** INTERACTION_CREATE payloads as Discord sends them for a guild channel or a DM. */
final class InteractionJson {
    private static final int GUILD_CONTEXT = 0;
    private static final int BOT_DM_CONTEXT = 1;
    private final DiscordState state;

    InteractionJson(DiscordState state) {
        this.state = state;
    }

    /** The fields every interaction has: who, where, with which permissions, and how to answer. */
    JsonMap base(IssuedInteraction interaction, Channel channel) {
        Directory directory = state.directory;
        JsonMap json = new JsonMap()
                .with("id", interaction.id)
                .with("application_id", directory.applicationId)
                .with("type", interaction.type)
                .with("token", interaction.token)
                .with("version", 1)
                .with("channel_id", channel.id())
                .with("locale", "en-US")
                .with("entitlements", List.of())
                .with("entitlement_sku_ids", List.of())
                .with("attachment_size_limit", 10_485_760);
        Member botMember = directory.member(directory.bot.id()).orElseThrow();
        if (channel.inGuild()) {
            Member member = directory.member(interaction.userId).orElseThrow();
            json.with("guild_id", directory.guildId)
                    .with("guild", new JsonMap()
                            .with("id", directory.guildId)
                            .with("locale", "en-US")
                            .with("features", List.of()))
                    .with("guild_locale", "en-US")
                    .with("channel", state.entities.channel(channel)
                            .with("permissions", Long.toString(directory.permissions(member))))
                    .with("member", state.entities.memberWithPermissions(member))
                    .with("app_permissions", Long.toString(directory.permissions(botMember)))
                    .with("authorizing_integration_owners", new JsonMap().with("0", directory.guildId))
                    .with("context", GUILD_CONTEXT);
        } else {
            json.with("channel", state.entities.channel(channel))
                    .with("user", state.entities.userById(interaction.userId))
                    .with("app_permissions", Long.toString(Directory.EVERYONE_PERMISSIONS))
                    .with("authorizing_integration_owners", new JsonMap().with("0", "0"))
                    .with("context", BOT_DM_CONTEXT);
        }
        return json;
    }

    JsonMap command(IssuedInteraction interaction, Channel channel, JsonMap command,
            List<Map<String, Object>> options, Map<String, Object> resolved) {
        JsonMap data = new JsonMap()
                .with("id", command.get("id"))
                .with("name", command.get("name"))
                .with("type", command.get("type"))
                .with("options", options);
        if (command.get("guild_id") != null) {
            data.with("guild_id", command.get("guild_id"));
        }
        if (!resolved.isEmpty()) {
            data.with("resolved", resolved);
        }
        return base(interaction, channel).with("data", data);
    }

    JsonMap buttonClick(IssuedInteraction interaction, Channel channel, StoredMessage message,
            Map<String, Object> button) {
        JsonMap data = new JsonMap()
                .with("custom_id", button.get("custom_id"))
                .with("component_type", button.get("type"));
        if (button.get("id") != null) {
            data.with("id", button.get("id"));
        }
        return base(interaction, channel).with("data", data).with("message", state.messageJson.rest(message));
    }
}
