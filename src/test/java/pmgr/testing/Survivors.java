package pmgr.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Processes a sandbox started that must end with it (a VM's node exporter, a proxy's nginx). */
public final class Survivors {
    private Survivors() {
    }

    /** The ones of {@code pids} still alive. */
    public static List<Long> alive(List<Long> pids) {
        return pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
    }

    /** Fails, naming them as {@code what}, when any is still alive; kills those first so none outlives the test. */
    public static void assertNoneOutlived(List<Long> pids, String what) {
        List<Long> leaked = alive(pids);
        leaked.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        assertThat(leaked).as(what).isEmpty();
    }
}
