package pmgr.bot;

import java.time.Instant;
import java.util.List;

/**
 * What the bot shows in one Discord message, independent of the Discord library: an embed and
 * optionally buttons. The JDA adapter turns it into a message; tests and the fake read it back.
 */
public record MessageView(Embed embed, List<Button> buttons) {
    public static final int PENDING = 0xffcc00;
    public static final int SUCCESS = 0x00cc66;
    public static final int ERROR = 0xcc0000;
    public static final int INFO = 0x3366cc;
    public static final int CLOSED = 0x808080;

    public record Embed(String title, String description, int colour, List<Field> fields, String footer, Instant timestamp) {
    }

    public record Field(String name, String value) {
    }

    /** A button; {@code danger} ones are red (Confirm of a stop). */
    public record Button(String id, String label, boolean danger) {
    }

    public static MessageView of(Embed embed) {
        return new MessageView(embed, List.of());
    }

    public static Embed embed(String title, String description, int colour) {
        return new Embed(title, description, colour, List.of(), null, Instant.now());
    }
}
