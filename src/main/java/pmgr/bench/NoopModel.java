package pmgr.bench;

import java.util.List;
import java.util.Map;
import pmgr.model.AbstractModelType;
import pmgr.model.Arg;
import pmgr.model.ModelMethod;
import pmgr.model.ResourceSpec;

/**
 * The trivial model type the benchmark runs: {@code tick} only logs a line (so a step costs what the
 * engine itself does), {@code record} also writes one resource version (a durable commit).
 */
final class NoopModel extends AbstractModelType<NoopModel.Globals> {

    record Globals(@Arg(description = "A label resolved from the run's inputs") String label) {
    }

    record TickArgs(@Arg(description = "Step number") long n) {
    }

    public NoopModel() {
        super("bench/noop", "2026.11.28.1",
                "Does next to nothing, so a run measures the engine itself",
                Globals.class,
                List.of(new ResourceSpec("tick", "The last step seen")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(
                method("tick", "Log the step number", TickArgs.class, List.of(), (g, args, ctx) -> ctx.log("tick " + args.n())),
                method("record", "Log and store the step number", TickArgs.class, List.of("tick"), (g, args, ctx) -> {
                    ctx.log("record " + args.n());
                    ctx.write("tick", "t", Map.of("n", args.n(), "label", g.label()));
                }));
    }
}
