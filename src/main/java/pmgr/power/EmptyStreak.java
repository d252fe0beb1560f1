package pmgr.power;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import pmgr.store.ResourceVersion;

/**
 * Has a game server been empty, and since when? Read from its collections (the {@code metrics}
 * versions the metrics workflow writes every 2 minutes), newest first. Only a collection that
 * reached a running server and found nobody counts as empty; a gap between collections longer than
 * {@code staleAfter}, an unreachable server or a failed collection breaks the streak, so doubt
 * never stops a server. A start's grace period is counted from the first collection that found it
 * running.
 */
public final class EmptyStreak {
    private EmptyStreak() {
    }

    /** One collection, as the metrics data say it. */
    public record Reading(Instant at, boolean reachable, boolean running, int online, List<String> players) {
        static Reading of(ResourceVersion v) {
            Map<String, Object> a = v.attributes();
            int online = a.get("online") instanceof Number n ? n.intValue() : 0;
            List<String> players = a.get("players") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
            // data from before "reachable" was recorded: a running server was reached
            boolean reachable = !(a.get("reachable") instanceof Boolean b) || b;
            return new Reading(v.createdAt(), reachable, Boolean.TRUE.equals(a.get("serverRunning")), Math.max(online, players.size()),
                    players);
        }

        boolean up() {
            return reachable && running;
        }
    }

    /**
     * The verdict: empty since {@code since} (already moved past the start's grace period), or not
     * empty for the reason given ("alice joined", "the last collection is 7m old", ...).
     */
    public record Verdict(boolean empty, Instant since, String reason) {
        static Verdict notEmpty(String reason) {
            return new Verdict(false, null, reason);
        }
    }

    public static Verdict judge(List<ResourceVersion> oldestFirst, Instant now, Duration staleAfter, Duration grace) {
        return judgeReadings(oldestFirst.stream().map(Reading::of).toList(), now, staleAfter, grace);
    }

    static Verdict judgeReadings(List<Reading> oldestFirst, Instant now, Duration staleAfter, Duration grace) {
        if (oldestFirst.isEmpty()) {
            return Verdict.notEmpty("no collection yet");
        }
        Reading latest = oldestFirst.get(oldestFirst.size() - 1);
        Duration age = Duration.between(latest.at(), now);
        if (age.compareTo(staleAfter) > 0) {
            return Verdict.notEmpty("the last collection is " + pmgr.config.Durations.format(age) + " old");
        }
        if (!latest.reachable()) {
            return Verdict.notEmpty("the server did not answer the last collection");
        }
        if (!latest.running()) {
            return Verdict.notEmpty("the server is not running");
        }
        if (latest.online() > 0) {
            return Verdict.notEmpty(latest.players().isEmpty() ? latest.online() + " playing"
                    : String.join(", ", latest.players()) + (latest.players().size() == 1 ? " is playing" : " are playing"));
        }
        Instant emptyFrom = latest.at();
        Instant upFrom = latest.at();
        boolean stillEmpty = true;
        for (int i = oldestFirst.size() - 2; i >= 0; i--) {
            Reading r = oldestFirst.get(i);
            Reading newer = oldestFirst.get(i + 1);
            if (!r.up() || Duration.between(r.at(), newer.at()).compareTo(staleAfter) > 0) {
                break;
            }
            upFrom = r.at();
            if (stillEmpty && r.online() == 0) {
                emptyFrom = r.at();
            } else {
                stillEmpty = false;
            }
        }
        Instant graceEnds = upFrom.plus(grace);
        return new Verdict(true, emptyFrom.isAfter(graceEnds) ? emptyFrom : graceEnds, null);
    }
}
