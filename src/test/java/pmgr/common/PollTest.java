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
    void looksAtOnceThenBacksOffWithTheTimeWaitedToTheCeiling() throws Exception {
        List<Long> looks = new ArrayList<>();
        long t0 = System.nanoTime();
        Optional<String> done = Poll.within(Duration.ofSeconds(10), Duration.ofMillis(400)).until(() -> {
            looks.add((System.nanoTime() - t0) / 1_000_000);
            return looks.size() == 20 ? Optional.of("done") : Optional.empty();
        });
        assertThat(done).hasValue("done");
        assertThat(looks.get(0)).as("the first look is immediate").isLessThan(90);
        for (int i = 1; i < looks.size(); i++) {
            long gap = looks.get(i) - looks.get(i - 1);
            long waited = looks.get(i - 1);
            // at least 50 ms and a quarter of the time waited, at most the ceiling (a busy machine may add to sleeps)
            assertThat(gap).as("gap %d after %d ms", i, waited).isBetween(Math.min(400, Math.max(50, waited / 4)) - 5, 400L + 300);
        }
        assertThat(looks.get(4) - looks.get(3)).as("short gaps while the wait is young").isLessThan(300);
        assertThat(looks.get(19) - looks.get(18)).as("the ceiling once the wait is long").isGreaterThanOrEqualTo(395);
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
