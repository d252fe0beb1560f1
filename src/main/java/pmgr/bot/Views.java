package pmgr.bot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pmgr.common.Secrets;
import pmgr.config.Durations;

/**
 * What every bot message looks like: titles, colours, step lines and footers. Pure functions of
 * what they show; every piece of text that did not come from the bot itself passes {@link #text}.
 */
public final class Views {
    static final String PENDING_ICON = "\u2B1C";
    static final String RUNNING_ICON = "\uD83D\uDD04";
    static final String DONE_ICON = "\u2705";
    static final String FAILED_ICON = "\u274C";
    static final String WARNING_ICON = "\u26A0\uFE0F";
    static final String SKIPPED_ICON = "\u23ED\uFE0F";
    /** Discord shows at most 1024 characters in a field; the error gets the first 1000. */
    static final int ERROR_CHARS = 1000;
    private static final int DESCRIPTION_CHARS = 4000;

    private Views() {
    }

    /** Text from outside the bot (errors, names): secrets masked, no control characters, no markdown tricks. */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        String masked = Secrets.mask(s).replaceAll("[\\p{Cntrl}&&[^\n]]", "");
        return net.dv8tion.jda.api.utils.MarkdownSanitizer.escape(masked);
    }

    /** Text shown in a code block: secrets masked, cut to {@code max}, fences defused. */
    static String code(String s, int max) {
        String masked = Secrets.mask(s == null ? "" : s).replace("```", "'''");
        return "```\n" + (masked.length() > max ? masked.substring(0, max) : masked) + "\n```";
    }

    static String footer(RunProgress.Snapshot s, Instant now) {
        String state;
        if (!s.finished()) {
            state = "running " + Durations.format(Duration.between(s.startedAt(), now));
        } else {
            Duration took = Duration.between(s.startedAt(), s.finishedAt());
            state = s.succeeded() ? "succeeded in " + Durations.format(took)
                    : s.error() != null && s.error().startsWith("timed out after") ? s.error()
                    : s.status().toLowerCase(java.util.Locale.ROOT) + " after " + Durations.format(took);
        }
        return "run " + s.runId() + " \u00B7 " + state;
    }

    /** A command's run as its steps: what ran, what runs, what failed and why. */
    static MessageView progress(BotCommand c, String subject, RunProgress.Snapshot s, Instant now) {
        String title;
        int colour;
        if (!s.finished()) {
            title = c.doing() + " " + subject + "...";
            colour = MessageView.PENDING;
        } else if (s.succeeded()) {
            title = c.done() + " " + subject;
            colour = MessageView.SUCCESS;
        } else {
            title = "Failed to " + c.name() + " " + subject;
            colour = MessageView.ERROR;
        }
        StringBuilder lines = new StringBuilder();
        for (RunProgress.Step step : s.steps()) {
            lines.append(stepLine(step, s, now)).append('\n');
        }
        List<MessageView.Field> fields = new ArrayList<>();
        if (s.finished() && !s.succeeded()) {
            fields.add(new MessageView.Field("Error", code(s.failure() == null ? s.status() : s.failure(), ERROR_CHARS)));
        }
        String description = lines.toString().strip();
        if (description.length() > DESCRIPTION_CHARS) {
            description = description.substring(0, DESCRIPTION_CHARS) + "\u2026";
        }
        return MessageView.of(new MessageView.Embed(title, description, colour, fields, footer(s, now), now));
    }

    private static String stepLine(RunProgress.Step step, RunProgress.Snapshot run, Instant now) {
        String d = text(step.description());
        return switch (step.state()) {
            case PENDING -> run.succeeded() ? SKIPPED_ICON + " " + d + " (skipped)" : PENDING_ICON + " " + d;
            case RUNNING -> {
                Duration so = Duration.between(step.startedAt(), now);
                yield RUNNING_ICON + " " + d + "..." + (so.toSeconds() >= 5 && !run.finished() ? " " + Durations.format(so) : "");
            }
            case DONE -> DONE_ICON + " " + d + (step.took() == null ? "" : " (" + Durations.format(step.took()) + ")");
            case WARNING -> WARNING_ICON + " " + d + " (did not work; the rest went on)";
            case FAILED -> FAILED_ICON + " " + d;
        };
    }

    /** A command that succeeded without doing anything: the server was not running. */
    static MessageView skipped(BotCommand c, String subject, String server, MessageView steps) {
        MessageView.Embed e = steps.embed();
        return MessageView.of(new MessageView.Embed("Nothing to " + c.name() + ": " + text(server) + " is not running",
                e.description() + "\n\nStart it first (`/start " + text(server) + "`).", MessageView.PENDING, e.fields(),
                e.footer(), e.timestamp()));
    }

    /** A server's status: online or offline, players {@code n / max} and their names. */
    static MessageView status(String server, Map<String, Object> attributes, RunProgress.Snapshot s, Instant now) {
        String name = text(server);
        MessageView.Embed e;
        if (!Boolean.TRUE.equals(attributes.get("serverRunning"))) {
            e = embed(name + " \u2014 Offline", "Server is not running.", MessageView.ERROR, s, now);
        } else if (!(attributes.get("online") instanceof Number online)) {
            e = embed(name + " \u2014 Online", "Server is running but could not retrieve player info.", MessageView.PENDING, s, now);
        } else {
            Object max = attributes.get("max");
            String count = max instanceof Number m ? online.longValue() + " / " + m.longValue() : String.valueOf(online.longValue());
            List<String> players = attributes.get("players") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
            e = embed(name + " \u2014 Online", "**Players:** " + count + "\n"
                    + (players.isEmpty() ? "No players online" : text(String.join(", ", players))), MessageView.SUCCESS, s, now);
        }
        return MessageView.of(e);
    }

    private static MessageView.Embed embed(String title, String description, int colour, RunProgress.Snapshot s, Instant now) {
        return new MessageView.Embed(title, description, colour, List.of(), footer(s, now), now);
    }

    /** A refusal or a problem with the command itself (nothing ran). */
    static MessageView refusal(String title, String description) {
        return MessageView.of(MessageView.embed(title, description, MessageView.ERROR));
    }

    static MessageView accessDenied(String role) {
        return refusal("Access Denied", "You need the **" + text(role) + "** role to use this command.");
    }

    static MessageView busy(String server, pmgr.engine.BusyException busy, Instant now) {
        Duration ago = Duration.between(busy.holderStartedAt(), now);
        String line = "**" + text(server) + "** is busy: " + text(busy.holderTarget()) + " started by "
                + text(who(busy.holderOrigin())) + " " + Durations.format(ago) + " ago (run " + busy.holderId()
                + "). Try again when it is done.";
        return refusal(text(server) + " is busy", line);
    }

    /** A run's origin as people say it: the Discord name, "the schedule", the CLI user. */
    static String who(String origin) {
        if (origin == null) {
            return "someone";
        }
        if (origin.startsWith(RunWatcher.ORIGIN_PREFIX)) {
            String rest = origin.substring(RunWatcher.ORIGIN_PREFIX.length());
            int colon = rest.indexOf(':');
            return colon >= 0 ? rest.substring(colon + 1) : rest;
        }
        if (origin.startsWith("schedule")) {
            return "the schedule";
        }
        if (origin.startsWith(WAKE_ORIGIN)) {
            return origin.substring(WAKE_ORIGIN.length()) + " (joining in Minecraft)";
        }
        if (origin.startsWith("cli:")) {
            return origin.substring(4) + " (command line)";
        }
        return origin;
    }

    /** Runs started by a player's join at a wake listener. */
    private static final String WAKE_ORIGIN = "wake:";

    /** {@code /status} of a server that sleeps behind a wake listener and is not running: asleep, starting or busy. */
    static MessageView sleeping(String server, pmgr.power.PowerState power, RunProgress.Snapshot s, Instant now) {
        String name = text(server);
        MessageView.Embed e = switch (power.state()) {
            case STARTING -> embed(name + " \u2014 Starting", "Woken by " + text(who(power.origin())) + " "
                    + Durations.format(Duration.between(power.since(), now)) + " ago (" + text(power.target()) + ", run "
                    + power.run() + ").", MessageView.PENDING, s, now);
            case BUSY -> embed(name + " \u2014 Offline", "Server is not running; " + text(power.target()) + " is running (run "
                    + power.run() + ").", MessageView.ERROR, s, now);
            default -> embed(name + " \u2014 Asleep", "Server is not running. Joining it in Minecraft wakes it, or `/wake server:"
                    + name + "`.", MessageView.CLOSED, s, now);
        };
        return MessageView.of(e);
    }

    /** What the bot says in its channel when a player's join woke a server. */
    static MessageView woke(String player, String server, String workflow, String runId) {
        return MessageView.of(new MessageView.Embed(text(player) + " woke " + text(server), text(player)
                + " joined it in Minecraft, so it is starting (" + text(workflow) + ").", MessageView.PENDING, List.of(),
                "run " + runId, Instant.now()));
    }

    static MessageView alreadyUp(String server) {
        return MessageView.of(MessageView.embed(text(server) + " is awake", "**" + text(server)
                + "** is running already: join it.", MessageView.SUCCESS));
    }

    static MessageView help(List<BotCommand> commands, String prefix) {
        StringBuilder sb = new StringBuilder();
        for (BotCommand c : commands) {
            sb.append("`/").append(c.name()).append(" server").append(c.takesPlayer() ? " player" : "").append("` \u2014 ")
                    .append(c.description()).append('\n');
        }
        sb.append("`/list` \u2014 List the game servers, their VMs and players\n");
        sb.append("`/keepup server [hours]` \u2014 Keep a server up: no idle power-down for a while\n");
        sb.append("`/help` \u2014 Show this message");
        if (!prefix.isEmpty()) {
            sb.append("\n\nThe same work as `").append(prefix).append("command server [player]`, e.g. `").append(prefix)
                    .append("start allthemons`.");
        }
        return MessageView.of(MessageView.embed("Proxmox Bot Commands", sb.toString(), MessageView.INFO));
    }

    /** One line of {@code /list}. */
    record ListRow(Long vmid, String name, String vmStatus, Long online, Long max, Instant playersAt) {
    }

    static MessageView list(List<ListRow> rows, String note, Instant now) {
        StringBuilder sb = new StringBuilder();
        for (ListRow r : rows) {
            sb.append('`').append(r.vmid() == null ? "?" : r.vmid()).append("` **").append(text(r.name())).append("** \u2014 ")
                    .append(r.vmStatus() == null ? "no VM data" : text(r.vmStatus()));
            if (r.online() != null) {
                sb.append(" \u00B7 ").append(r.online()).append(r.max() == null ? "" : " / " + r.max()).append(" players")
                        .append(" (").append(Durations.format(Duration.between(r.playersAt(), now))).append(" ago)");
            }
            sb.append('\n');
        }
        if (rows.isEmpty()) {
            sb.append("No game servers are defined.");
        }
        if (note != null) {
            sb.append("\n").append(text(note));
        }
        return MessageView.of(MessageView.embed("Game servers", sb.toString().strip(), MessageView.INFO));
    }

    static MessageView confirm(BotCommand c, String server, int online, List<String> players, String requester,
                               String token, Duration expiresIn) {
        String who = players.isEmpty() ? online + " player" + (online == 1 ? "" : "s")
                : text(String.join(", ", players));
        String description = "**" + text(server) + "** has " + online + " player" + (online == 1 ? "" : "s")
                + " online (" + who + "). " + c.description() + " anyway?";
        MessageView.Embed e = new MessageView.Embed(capitalised(c.name()) + " " + text(server) + "?", description,
                MessageView.PENDING, List.of(), "only " + text(requester) + " can answer \u00B7 expires in "
                + Durations.format(expiresIn), Instant.now());
        return new MessageView(e, List.of(new MessageView.Button(Confirmations.CONFIRM + token, "Confirm", true),
                new MessageView.Button(Confirmations.CANCEL + token, "Cancel", false)));
    }

    static MessageView answered(BotCommand c, String server, String what) {
        return MessageView.of(MessageView.embed(capitalised(c.name()) + " " + text(server) + "? \u2014 " + what,
                "Nothing was run.", MessageView.CLOSED));
    }

    /** The last state of a message whose progress continues in a new one. */
    static MessageView continued(MessageView last) {
        MessageView.Embed e = last.embed();
        return MessageView.of(new MessageView.Embed(e.title(), e.description() + "\n\n*(continued below)*", e.colour(),
                e.fields(), e.footer(), e.timestamp()));
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    // ---- idle power-down ------------------------------------------------------------------------

    static MessageView idleWarning(String server, Duration empty, Duration warn, String buttonId) {
        String name = text(server);
        return new MessageView(MessageView.embed(name + " is idle", "**" + name + "** has been empty for "
                + IdlePower.roughly(empty) + " \u2014 stopping in " + IdlePower.roughly(warn)
                + ". Press **Keep it up** to keep it running.", MessageView.PENDING),
                List.of(new MessageView.Button(buttonId, "Keep it up", false)));
    }

    static MessageView idleCancelled(String server, String reason) {
        return MessageView.of(MessageView.embed(text(server) + " stays up", "Idle stop cancelled: " + text(reason) + ".",
                MessageView.INFO));
    }

    static MessageView idleKeptUp(String server, String who, String until) {
        return MessageView.of(MessageView.embed(text(server) + " stays up", "Kept up until " + until + " by **" + text(who) + "**.",
                MessageView.INFO));
    }

    static MessageView idleStopping(String server, Duration empty) {
        return MessageView.of(MessageView.embed("Stopping " + text(server), "Nobody has played for " + IdlePower.roughly(empty)
                + ": stopping the server and its VM.", MessageView.PENDING));
    }

    static MessageView idleStopped(String server, boolean ok, String error) {
        return ok ? MessageView.of(MessageView.embed("Stopped " + text(server), "Stopped because nobody was playing. "
                        + "Start it again with `/start " + text(server) + "`.", MessageView.SUCCESS))
                : MessageView.of(MessageView.embed("Idle stop of " + text(server) + " failed",
                        code(String.valueOf(error), ERROR_CHARS), MessageView.ERROR));
    }

    /** A view with one more field (the status answer's power line). */
    static MessageView withField(MessageView v, String name, String value) {
        List<MessageView.Field> fields = new java.util.ArrayList<>(v.embed().fields());
        fields.add(new MessageView.Field(name, text(value)));
        MessageView.Embed e = v.embed();
        return new MessageView(new MessageView.Embed(e.title(), e.description(), e.colour(), fields, e.footer(), e.timestamp()),
                v.buttons());
    }
}
