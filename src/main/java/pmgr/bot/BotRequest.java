package pmgr.bot;

import java.util.List;
import java.util.Map;
import org.apache.camel.Message;

/** A command as the bot received it (read from the exchange's {@link BotHeaders}). */
public record BotRequest(String via, String command, String server, String player, String userId, String userName,
                         List<String> roleIds, String channelId, String guildId, boolean direct) {

    static BotRequest from(Message m) {
        Object roles = m.getHeader(BotHeaders.ROLE_IDS);
        return new BotRequest(m.getHeader(BotHeaders.VIA, "slash", String.class), m.getHeader(BotHeaders.COMMAND, String.class),
                blankToNull(m.getHeader(BotHeaders.SERVER, String.class)), blankToNull(m.getHeader(BotHeaders.PLAYER, String.class)),
                m.getHeader(BotHeaders.USER_ID, String.class), m.getHeader(BotHeaders.USER_NAME, "someone", String.class),
                roles instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(),
                m.getHeader(BotHeaders.CHANNEL_ID, String.class), m.getHeader(BotHeaders.GUILD_ID, String.class),
                Boolean.TRUE.equals(m.getHeader(BotHeaders.DIRECT, Boolean.class)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Every bot-started run's origin: who asked, by id and name. */
    public String origin() {
        return RunWatcher.ORIGIN_PREFIX + userId + ":" + userName;
    }

    boolean prefix() {
        return "prefix".equals(via);
    }

    /** The headers the command table's route reads. */
    Map<String, Object> headers(GameServer s) {
        Map<String, Object> h = new java.util.LinkedHashMap<>();
        h.put(BotHeaders.VIA, via);
        h.put(BotHeaders.COMMAND, command);
        h.put(BotHeaders.SERVER, s.name());
        if (player != null) {
            h.put(BotHeaders.PLAYER, player);
        }
        h.put(BotHeaders.USER_ID, userId);
        h.put(BotHeaders.USER_NAME, userName);
        h.put(BotHeaders.ROLE_IDS, roleIds);
        h.put(BotHeaders.CHANNEL_ID, channelId);
        if (guildId != null) {
            h.put(BotHeaders.GUILD_ID, guildId);
        }
        h.put(BotHeaders.DEFINITION, s.definition());
        h.put(BotHeaders.GAME, s.game().name());
        h.put(BotHeaders.CONFIG, s.config());
        return h;
    }

    BotRequest asCommand(String other) {
        return new BotRequest(via, other, server, player, userId, userName, roleIds, channelId, guildId, direct);
    }
}
