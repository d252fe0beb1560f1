package pmgr.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollTest {
    @Test
    void looksAtOnceThenBacksOffToTheCeiling() throws Exception {
        List<Long> looks = new ArrayList<>();
        long t0 = System.nanoTime();
        Optional<String> done = Poll.within(Duration.ofSeconds(10), Duration.ofMillis(400)).until(() -> {
            looks.add((System.nanoTime() - t0) / 1_000_000);
            return looks.size() == 6 ? Optional.of("done") : Optional.empty();
        });
        assertThat(done).hasValue("done");
        assertThat(looks.get(0)).as("the first look is immediate").isLessThan(90);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < looks.size(); i++) {
            gaps.add(looks.get(i) - looks.get(i - 1));
        }
        // 100, 200, 400, 400, 400 ms (sleeps are at least that; a busy machine may add to them)
        assertThat(gaps.get(0)).isBetween(95L, 500L);
        assertThat(gaps.get(1)).isBetween(195L, 600L);
        assertThat(gaps.subList(2, gaps.size())).allSatisfy(g -> assertThat(g).isBetween(395L, 800L));
    }

    @Test
    void givesUpWhenTheBoundPassesNeverLater() throws Exception {
        long t0 = System.nanoTime();
        Optional<String> never = Poll.within(Duration.ofMillis(700), Duration.ofSeconds(5)).until(Optional::empty);
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertThat(never).isEmpty();
        assertThat(took).isBetween(690L, 2000L);
    }

    @Test
    void aLookThatThrowsEndsTheWaitAndAnInterruptEndsItAtOnce() throws Exception {
        assertThatThrownBy(() -> Poll.within(Duration.ofSeconds(5), Duration.ofSeconds(1)).until(() -> {
            throw new IllegalStateException("the server died");
        })).hasMessage("the server died");

        Thread.currentThread().interrupt();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Poll.within(Duration.ofSeconds(30), Duration.ofSeconds(1)).until(Optional::empty))
                .isInstanceOf(InterruptedException.class);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(500);
    }
}
