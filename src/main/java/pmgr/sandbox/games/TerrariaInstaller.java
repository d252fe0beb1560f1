package pmgr.sandbox.games;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Lays out a compose project whose single service is a fake tModLoader container, and the
 * container's state directory where the docker stand-in and the console keep their files.
 */
final class TerrariaInstaller {
    static final String CONSOLE = "fake-tmodloader.sh";

    private TerrariaInstaller() {
    }

    static void install(HostLayout layout, TerrariaSetup setup) throws IOException {
        HostPaths.requirePlayerNames(setup.players());
        HostLayout.requireShortSocketPath(layout.containerTmuxDir(setup.containerName()));
        Path composeDir = layout.root().resolve(setup.composeDir()).normalize();
        Files.createDirectories(composeDir.resolve("data"));
        SandboxResources.writeAtomically(composeDir.resolve("docker-compose.yml"), composeFile(setup.containerName()));
        Path containerDir = layout.containerDir(setup.containerName());
        Files.createDirectories(containerDir);
        if (!Files.exists(containerDir.resolve("image-version"))) {
            SandboxResources.writeAtomically(containerDir.resolve("image-version"), "1\n");
        }
        setPlayers(layout, setup.containerName(), setup.players());
    }

    static void setPlayers(HostLayout layout, String containerName, List<String> players) throws IOException {
        HostPaths.requirePlayerNames(players);
        SandboxResources.writeAtomically(layout.containerDir(containerName).resolve("players"),
                SandboxResources.lines(players));
    }

    /** The docker stand-in reads container_name and x-sandbox-console; the rest looks like a real deployment. */
    private static String composeFile(String containerName) {
        return """
                # Sandbox compose project. The host's docker stand-in reads container_name and
                # x-sandbox-console (the fake console it runs in the container's tmux session).
                services:
                  %1$s:
                    image: jacobsmile/tmodloader1.4:latest
                    container_name: %1$s
                    x-sandbox-console: %2$s
                    restart: unless-stopped
                    ports:
                      - "7777:7777/udp"
                      - "7777:7777"
                    volumes:
                      - ./data:/data
                """.formatted(containerName, CONSOLE);
    }
}
