package pmgr.sandbox.discord;

import java.time.Instant;
import java.util.List;
import pmgr.sandbox.discord.Directory.Account;
import pmgr.sandbox.discord.Directory.Channel;
import pmgr.sandbox.discord.Directory.Member;
import pmgr.sandbox.discord.Directory.Role;

/** Users, members, roles, channels and the guild in the JSON shapes Discord sends them. */
final class EntityJson {
    private final Directory directory;

    EntityJson(Directory directory) {
        this.directory = directory;
    }

    JsonMap user(Account account) {
        JsonMap user = new JsonMap()
                .with("id", account.id())
                .with("username", account.name())
                .with("global_name", account.globalName())
                .with("discriminator", "0")
                .with("avatar", null)
                .with("avatar_decoration_data", null)
                .with("public_flags", 0)
                .with("flags", 0)
                .with("banner", null)
                .with("accent_color", null)
                .with("clan", null);
        if (account.bot()) {
            user.with("bot", true);
        }
        return user;
    }

    /** The bot as {@code users/@me} and READY show it. */
    JsonMap self() {
        return user(directory.bot)
                .with("verified", true)
                .with("mfa_enabled", false)
                .with("email", null)
                .with("locale", "en-US")
                .with("premium_type", 0);
    }

    JsonMap userById(String id) {
        return user(directory.accountById(id).orElseThrow());
    }

    /** A member without its user, as MESSAGE_CREATE carries it next to the author. */
    JsonMap memberWithoutUser(Member member) {
        return new JsonMap()
                .with("roles", member.roleIds())
                .with("joined_at", Json.timestamp(member.joinedAt()))
                .with("premium_since", null)
                .with("nick", null)
                .with("avatar", null)
                .with("banner", null)
                .with("deaf", false)
                .with("mute", false)
                .with("pending", false)
                .with("flags", 0)
                .with("communication_disabled_until", null);
    }

    JsonMap member(Member member) {
        return memberWithoutUser(member).with("user", userById(member.userId()));
    }

    /** As interactions carry it: with the member's permissions in the channel. */
    JsonMap memberWithPermissions(Member member) {
        return member(member).with("permissions", Long.toString(directory.permissions(member)));
    }

    JsonMap role(Role role) {
        JsonMap json = new JsonMap()
                .with("id", role.id())
                .with("name", role.name())
                .with("description", null)
                .with("permissions", Long.toString(role.permissions()))
                .with("position", role.position())
                .with("color", 0)
                .with("colors", new JsonMap()
                        .with("primary_color", 0)
                        .with("secondary_color", null)
                        .with("tertiary_color", null))
                .with("hoist", false)
                .with("managed", role.botId() != null)
                .with("mentionable", false)
                .with("icon", null)
                .with("unicode_emoji", null)
                .with("flags", 0);
        if (role.botId() != null) {
            json.with("tags", new JsonMap().with("bot_id", role.botId()));
        }
        return json;
    }

    JsonMap channel(Channel channel) {
        if (!channel.inGuild()) {
            return new JsonMap()
                    .with("id", channel.id())
                    .with("type", Directory.DM)
                    .with("last_message_id", null)
                    .with("flags", 0)
                    .with("recipients", List.of(userById(channel.recipientId())));
        }
        return new JsonMap()
                .with("id", channel.id())
                .with("type", channel.type())
                .with("guild_id", directory.guildId)
                .with("name", channel.name())
                .with("position", channel.position())
                .with("parent_id", null)
                .with("topic", null)
                .with("nsfw", false)
                .with("rate_limit_per_user", 0)
                .with("last_message_id", null)
                .with("permission_overwrites", List.of())
                .with("flags", 0);
    }

    /** GUILD_CREATE: the full guild with roles, channels and members, and the lists JDA reads. */
    JsonMap guildCreate(Instant botJoinedAt) {
        List<Member> members = List.copyOf(directory.members());
        return new JsonMap()
                .with("id", directory.guildId)
                .with("name", directory.guildName)
                .with("icon", null)
                .with("splash", null)
                .with("discovery_splash", null)
                .with("banner", null)
                .with("description", null)
                .with("owner_id", directory.ownerId())
                .with("application_id", null)
                .with("region", "deprecated")
                .with("afk_channel_id", null)
                .with("afk_timeout", 300)
                .with("system_channel_id", directory.guildChannels().get(0).id())
                .with("system_channel_flags", 0)
                .with("rules_channel_id", null)
                .with("public_updates_channel_id", null)
                .with("safety_alerts_channel_id", null)
                .with("widget_enabled", false)
                .with("verification_level", 0)
                .with("default_message_notifications", 0)
                .with("explicit_content_filter", 0)
                .with("mfa_level", 0)
                .with("nsfw_level", 0)
                .with("nsfw", false)
                .with("premium_tier", 0)
                .with("premium_subscription_count", 0)
                .with("premium_progress_bar_enabled", false)
                .with("preferred_locale", "en-US")
                .with("vanity_url_code", null)
                .with("max_members", 500000)
                .with("max_video_channel_users", 25)
                .with("max_stage_video_channel_users", 50)
                .with("incidents_data", null)
                .with("features", List.of())
                .with("roles", directory.roles().stream().map(this::role).toList())
                .with("emojis", List.of())
                .with("stickers", List.of())
                .with("soundboard_sounds", List.of())
                .with("joined_at", Json.timestamp(botJoinedAt))
                .with("large", false)
                .with("unavailable", false)
                .with("lazy", true)
                .with("member_count", members.size())
                .with("voice_states", List.of())
                .with("members", members.stream().map(this::member).toList())
                .with("channels", directory.guildChannels().stream().map(this::channel).toList())
                .with("threads", List.of())
                .with("presences", List.of())
                .with("stage_instances", List.of())
                .with("guild_scheduled_events", List.of())
                .with("embedded_activities", List.of())
                .with("activity_instances", List.of())
                .with("application_command_counts", new JsonMap());
    }

    /** READY: who the bot is, which guilds it will receive (unavailable until GUILD_CREATE), and how to resume. */
    JsonMap ready(String sessionId, String resumeUrl) {
        return new JsonMap()
                .with("v", 10)
                .with("user_settings", new JsonMap())
                .with("user", self())
                .with("guilds", List.of(new JsonMap().with("id", directory.guildId).with("unavailable", true)))
                .with("guild_join_requests", List.of())
                .with("relationships", List.of())
                .with("private_channels", List.of())
                .with("presences", List.of())
                .with("session_id", sessionId)
                .with("session_type", "normal")
                .with("resume_gateway_url", resumeUrl)
                .with("geo_ordered_rtc_regions", List.of("rotterdam", "frankfurt"))
                .with("application", new JsonMap()
                        .with("id", directory.applicationId)
                        // GATEWAY_MESSAGE_CONTENT_LIMITED and APPLICATION_COMMAND_BADGE, as a small bot has
                        .with("flags", (1 << 19) | (1 << 23)))
                .with("auth", new JsonMap())
                .with("_trace", List.of("[\"fake-discord\",{\"micros\":0}]"));
    }
}
