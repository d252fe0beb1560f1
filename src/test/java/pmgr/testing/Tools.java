package pmgr.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * System tools some tests need. Absent tool: the test is skipped with a clear message - except in
 * CI ({@code PMGR_CI=1}, set by .ci/run, which installs the tools), where a skip would hide a gap,
 * so it fails instead.
 */
public final class Tools {
    private Tools() {
    }

    public static void require(String tool) {
        boolean present = System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
        if (present) {
            return;
        }
        String message = "'" + tool + "' is not installed (apt-get install " + tool + "); this test needs it";
        if ("1".equals(System.getenv("PMGR_CI"))) {
            Assertions.fail(message + " and CI must run it");
        }
        Assumptions.abort(message);
    }
}
