package pmgr.sandbox.games;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.scp.common.helpers.DefaultScpFileOpener;

/**
 * SCP paths as a login shell on the host would read them: "~" and relative paths are in the
 * host's home (its root), absolute paths are taken as they are, like the host's shell commands.
 */
final class RootedScpFileOpener extends DefaultScpFileOpener {
    private final Path home;

    RootedScpFileOpener(Path home) {
        this.home = home;
    }

    @Override
    public Path resolveLocalPath(Session session, FileSystem fileSystem, String commandPath) throws IOException {
        return super.resolveLocalPath(session, fileSystem, toHostPath(commandPath));
    }

    String toHostPath(String commandPath) {
        if (commandPath.equals("~")) {
            return home.toString();
        }
        if (commandPath.startsWith("~/")) {
            return home.resolve(commandPath.substring(2)).toString();
        }
        if (commandPath.startsWith("/")) {
            return commandPath;
        }
        return home.resolve(commandPath).toString();
    }
}
