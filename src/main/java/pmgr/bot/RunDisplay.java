package pmgr.bot;

import java.time.Instant;

/** How a followed run looks at a moment: its steps while it runs, and its result at the end. */
@FunctionalInterface
public interface RunDisplay {
    MessageView render(RunProgress.Snapshot run, Instant now);
}
