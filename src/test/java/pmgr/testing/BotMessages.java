package pmgr.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import pmgr.sandbox.discord.Message;

/** Reading what the bot showed in the fake Discord: a message's embed, its parts, the run it names. */
public final class BotMessages {
    private BotMessages() {
    }

    /** The message's embed (none yet while it is the "thinking" placeholder). */
    public static Map<String, Object> embed(Message m) {
        return m.embeds().isEmpty() ? Map.of() : m.embeds().get(0);
    }

    public static String title(Message m) {
        return String.valueOf(embed(m).get("title"));
    }

    public static String description(Message m) {
        return String.valueOf(embed(m).get("description"));
    }

    public static String footer(Message m) {
        return embed(m).get("footer") instanceof Map<?, ?> f ? String.valueOf(f.get("text")) : "";
    }

    public static int colour(Message m) {
        return embed(m).get("color") instanceof Number n ? n.intValue() : -1;
    }

    /** The run id in a footer "run <id> · ...". */
    public static String runId(Message m) {
        String f = footer(m);
        assertThat(f).startsWith("run ");
        return f.substring(4, f.indexOf(' ', 4));
    }
}
