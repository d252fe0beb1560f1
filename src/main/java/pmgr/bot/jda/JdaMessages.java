package pmgr.bot.jda;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.RateLimitedException;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import pmgr.bot.EditRefusedException;
import pmgr.bot.MessageView;

/**
 * {@link MessageView}s as JDA messages, and Discord's refusals as {@link EditRefusedException}s.
 * No message the bot sends may mention anyone (names in it come from people).
 */
final class JdaMessages {
    private JdaMessages() {
    }

    static MessageCreateData create(MessageView v) {
        return new MessageCreateBuilder().setEmbeds(embed(v.embed())).setComponents(rows(v)).setAllowedMentions(List.of())
                .mentionRepliedUser(false).build();
    }

    /** An edit replaces everything: buttons that are no longer in the view are removed. */
    static MessageEditData edit(MessageView v) {
        return new MessageEditBuilder().setContent("").setEmbeds(embed(v.embed())).setComponents(rows(v))
                .setAllowedMentions(List.of()).build();
    }

    private static List<ActionRow> rows(MessageView v) {
        if (v.buttons().isEmpty()) {
            return List.of();
        }
        return List.of(ActionRow.of(v.buttons().stream()
                .map(b -> b.danger() ? Button.danger(b.id(), b.label()) : Button.secondary(b.id(), b.label())).toList()));
    }

    private static MessageEmbed embed(MessageView.Embed e) {
        EmbedBuilder b = new EmbedBuilder().setTitle(cut(e.title(), MessageEmbed.TITLE_MAX_LENGTH))
                .setDescription(cut(e.description(), MessageEmbed.DESCRIPTION_MAX_LENGTH)).setColor(e.colour())
                .setTimestamp(e.timestamp());
        for (MessageView.Field f : e.fields()) {
            b.addField(cut(f.name(), MessageEmbed.TITLE_MAX_LENGTH), cut(f.value(), MessageEmbed.VALUE_MAX_LENGTH), false);
        }
        if (e.footer() != null) {
            b.setFooter(cut(e.footer(), MessageEmbed.TEXT_MAX_LENGTH));
        }
        return b.build();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    /** A JDA edit as the bot's future: Discord's refusals are told apart. */
    static <T> CompletableFuture<T> refusals(CompletableFuture<T> f) {
        return f.handle((v, err) -> {
            if (err == null) {
                return v;
            }
            Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            throw new CompletionException(refusal(t));
        });
    }

    private static EditRefusedException refusal(Throwable t) {
        if (t instanceof ErrorResponseException e) {
            EditRefusedException.Reason reason = switch (e.getErrorCode()) {
                case 50027, 10015, 10062 -> EditRefusedException.Reason.TOKEN_EXPIRED;
                case 30046 -> EditRefusedException.Reason.OLD_MESSAGE_CAP;
                default -> e.isServerError() ? EditRefusedException.Reason.TRY_LATER : EditRefusedException.Reason.GONE;
            };
            return new EditRefusedException(reason, e.getErrorCode() + ": " + e.getMeaning());
        }
        if (t instanceof RateLimitedException) {
            return new EditRefusedException(EditRefusedException.Reason.TRY_LATER, String.valueOf(t.getMessage()));
        }
        return new EditRefusedException(EditRefusedException.Reason.TRY_LATER, String.valueOf(t));
    }
}
