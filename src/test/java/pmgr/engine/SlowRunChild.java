package pmgr.engine;

import java.nio.file.Path;
import java.util.Map;
import pmgr.config.Settings;

/** Child process for the interrupted-run test: starts a long run, says so, and waits to be killed. */
public final class SlowRunChild {
    public static void main(String[] args) throws Exception {
        Engine engine = Engine.start(Settings.load(Path.of(args[0]), Map.of()), Engine.Options.defaults());
        String id = engine.runner().start("slow", Map.of("who", "x", "millis", 600_000), "test");
        // the step must be on record before the parent kills us
        while (engine.ledger().get(id).orElseThrow().steps().isEmpty()) {
            Thread.sleep(20);
        }
        System.out.println("RUN " + id);
        System.out.flush();
        Thread.sleep(600_000);
    }
}
