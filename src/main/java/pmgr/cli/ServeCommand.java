package pmgr.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import pmgr.api.ApiServer;
import pmgr.config.Durations;
import pmgr.engine.Engine;

@Command(name = "serve", description = "Run the long-lived process: HTTP API, schedules, bot. Stops on Ctrl-C / SIGTERM.")
final class ServeCommand extends CliSupport implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() throws InterruptedException {
        Instant t0 = Instant.now();
        ApiServer server = ApiServer.start(settings(), Engine.Options.defaults());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "pmgr-shutdown"));
        out().println("pmgr serve: listening on " + server.url() + " (started in "
                + Durations.format(Duration.between(t0, Instant.now())) + "; API token in "
                + server.engine().dataDir().resolve("api-token") + ")");
        out().flush();
        stopped.await();
        return PmgrCli.OK;
    }
}
