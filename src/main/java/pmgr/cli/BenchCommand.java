package pmgr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pmgr.bench.Benchmark;

@Command(name = "bench", description = "Measure the engine (overhead per step, CEL, starts, the bot) and the lab against the sandbox (fan-out, status, Proxmox waits, the CLI).")
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
