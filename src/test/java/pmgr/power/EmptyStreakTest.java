package pmgr.power;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pmgr.power.EmptyStreak.Reading;
import pmgr.power.EmptyStreak.Verdict;

/** When collections say a server is empty, and since when. */
class EmptyStreakTest {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final Duration STALE = Duration.ofMinutes(5);

    static Reading empty(int minutesAgo) {
        return new Reading(NOW.minus(Duration.ofMinutes(minutesAgo)), true, true, 0, List.of());
    }

    static Reading playing(int minutesAgo, String... names) {
        return new Reading(NOW.minus(Duration.ofMinutes(minutesAgo)), true, true, names.length, List.of(names));
    }

    static Reading unreachable(int minutesAgo) {
        return new Reading(NOW.minus(Duration.ofMinutes(minutesAgo)), false, false, 0, List.of());
    }

    static Reading down(int minutesAgo) {
        return new Reading(NOW.minus(Duration.ofMinutes(minutesAgo)), true, false, 0, List.of());
    }

    static Verdict judge(Duration grace, Reading... oldestFirst) {
        return EmptyStreak.judgeReadings(List.of(oldestFirst), NOW, STALE, grace);
    }

    @Test
    void emptySinceTheFirstEmptyCollectionAfterTheLastPlayer() {
        Verdict v = judge(Duration.ZERO, playing(10, "alice"), empty(8), empty(6), empty(4), empty(2), empty(0));
        assertThat(v.empty()).isTrue();
        assertThat(v.since()).isEqualTo(NOW.minus(Duration.ofMinutes(8)));
    }

    @Test
    void somebodyOnlineNowIsNotEmptyAndSaysWho() {
        Verdict v = judge(Duration.ZERO, empty(4), empty(2), playing(0, "alice"));
        assertThat(v.empty()).isFalse();
        assertThat(v.reason()).isEqualTo("alice is playing");
        assertThat(judge(Duration.ZERO, playing(0, "alice", "bob")).reason()).isEqualTo("alice, bob are playing");
    }

    @Test
    void anUnreachableOrOldCollectionIsDoubtNotEmptiness() {
        assertThat(judge(Duration.ZERO, empty(4), empty(2), unreachable(0)).empty()).isFalse();
        assertThat(judge(Duration.ZERO, empty(4), empty(2), unreachable(0)).reason()).contains("did not answer");
        Verdict old = judge(Duration.ZERO, empty(12), empty(10), empty(8));
        assertThat(old.empty()).isFalse();
        assertThat(old.reason()).isEqualTo("the last collection is 8m old");
        assertThat(judge(Duration.ZERO).reason()).isEqualTo("no collection yet");
        assertThat(judge(Duration.ZERO, down(0)).reason()).isEqualTo("the server is not running");
    }

    @Test
    void aGapOrAnUnreachableCollectionRestartsTheStreak() {
        // collections failed between 30 and 20 minutes ago: nobody knows who played then
        List<Reading> r = new ArrayList<>(List.of(empty(40), empty(30)));
        for (int m = 20; m >= 0; m -= 2) {
            r.add(empty(m));
        }
        Verdict gap = EmptyStreak.judgeReadings(r, NOW, STALE, Duration.ZERO);
        assertThat(gap.since()).isEqualTo(NOW.minus(Duration.ofMinutes(20)));
        Verdict cut = judge(Duration.ZERO, empty(10), unreachable(8), empty(6), empty(4), empty(2), empty(0));
        assertThat(cut.since()).isEqualTo(NOW.minus(Duration.ofMinutes(6)));
    }

    @Test
    void theGraceAfterAStartCountsFromTheFirstCollectionThatFoundItRunning() {
        List<Reading> r = new ArrayList<>(List.of(down(20), empty(18), empty(16)));
        for (int m = 14; m >= 0; m -= 2) {
            r.add(empty(m));
        }
        Verdict v = EmptyStreak.judgeReadings(r, NOW, STALE, Duration.ofMinutes(15));
        assertThat(v.empty()).isTrue();
        assertThat(v.since()).as("started 18 minutes ago, grace 15 minutes").isEqualTo(NOW.minus(Duration.ofMinutes(3)));
    }

    @Test
    void aPolicyNamesTheFieldItRefuses() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IdlePolicy.of(java.util.Map.of("stopMinutes", 0)))
                .hasMessage("idle.stopMinutes must be more than 0, got 0.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IdlePolicy.of(java.util.Map.of("stopMinutes", 30, "keepUpHours", 100)))
                .hasMessageContaining("idle.keepUpHours");
        IdlePolicy p = IdlePolicy.of(java.util.Map.of("stopMinutes", 30)).orElseThrow();
        assertThat(p.warnBefore()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.grace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.keepUp()).isEqualTo(Duration.ofHours(2));
        assertThat(IdlePolicy.of(null)).isEmpty();
    }
}
