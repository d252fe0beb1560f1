package pmgr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pmgr.bench.Benchmark;

@Command(name = "bench", description = "Measure the engine's own overhead per workflow step and CEL evaluations per second.")
final class BenchCommand extends CliSupport implements Callable<Integer> {
    @Option(names = "--steps", defaultValue = "200", description = "Steps in the benchmark workflow (default ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--runs", defaultValue = "15", description = "Measured runs after warm-up (default ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() throws Exception {
        Benchmark.Report r = new Benchmark(steps, runs, settings().home()).run();
        out().println(r.text());
        return PmgrCli.OK;
    }
}
