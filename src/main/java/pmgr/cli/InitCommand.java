package pmgr.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import pmgr.config.Home;

@Command(name = "init", description = "Create a working home in DIR: the shipped definitions, workflows, beans and bot, "
        + "and an application.properties listing every lab setting.")
final class InitCommand extends CliSupport implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The new home (created; must not hold one already).")
    Path dir;

    @Override
    public Integer call() {
        Path home = dir.toAbsolutePath().normalize();
        List<Path> written = Home.create(home);
        out().println("created a pmgr home in " + home + " (" + written.size() + " files)");
        out().println("next: set the pmgr.lab.* settings in " + home.resolve("application.properties") + ", then");
        out().println("  java -jar pmgr.jar --home " + home + " vault put proxmox-vault password");
        out().println("  java -jar pmgr.jar --home " + home + " serve");
        out().flush();
        return PmgrCli.OK;
    }
}
