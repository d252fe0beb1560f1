package pmgr.sandbox.games;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Lays out a fake Minecraft server directory the way the installer leaves a real modpack:
 * start script, eula.txt, server.properties, variables.txt and logs/, plus the fake console and
 * its .sandbox/ state (tunables, online players, operators).
 */
final class MinecraftInstaller {
    private static final String CONSOLE = "fake-minecraft.sh";

    private MinecraftInstaller() {
    }

    static void install(HostLayout layout, MinecraftServerSetup setup) throws IOException {
        HostPaths.requirePlayerNames(setup.players());
        HostPaths.requirePlayerNames(setup.whitelist());
        HostPaths.requirePlayerNames(setup.ops());
        Path serverDir = serverDir(layout, setup.dir());
        Files.createDirectories(serverDir.resolve("logs"));
        SandboxResources.installExecutable(CONSOLE, serverDir.resolve(CONSOLE));
        SandboxResources.installExecutable("startserver.sh", serverDir.resolve(setup.startScript()));
        SandboxResources.writeAtomically(serverDir.resolve(".sandbox/console.conf"), consoleConf(setup));
        SandboxResources.writeAtomically(serverDir.resolve("eula.txt"), "eula=true\n");
        SandboxResources.writeAtomically(serverDir.resolve("server.properties"), serverProperties(setup));
        SandboxResources.writeAtomically(serverDir.resolve("variables.txt"), VARIABLES);
        SandboxResources.writeAtomically(serverDir.resolve("whitelist.json"), playerList(setup.whitelist(), false));
        SandboxResources.writeAtomically(serverDir.resolve("ops.json"), playerList(setup.ops(), true));
        SandboxResources.writeAtomically(serverDir.resolve(".sandbox/ops"), SandboxResources.lines(setup.ops()));
        setPlayers(layout, setup.dir(), setup.players());
    }

    static void setPlayers(HostLayout layout, String dir, List<String> players) throws IOException {
        HostPaths.requireRelative(dir, "dir");
        HostPaths.requirePlayerNames(players);
        Path serverDir = serverDir(layout, dir);
        if (!Files.isRegularFile(serverDir.resolve(".sandbox/console.conf"))) {
            throw new IllegalStateException("no Minecraft server installed in ~/" + dir);
        }
        SandboxResources.writeAtomically(serverDir.resolve(".sandbox/players"), SandboxResources.lines(players));
    }

    private static Path serverDir(HostLayout layout, String dir) {
        return layout.root().resolve(dir).normalize();
    }

    private static String consoleConf(MinecraftServerSetup setup) {
        return "# read by fake-minecraft.sh at start\n"
                + "BOOT_DELAY=" + seconds(setup.bootDelay()) + "\n"
                + "BOOT_MILLIS=" + setup.bootDelay().toMillis() + "\n"
                + "STOP_DELAY=" + seconds(setup.stopDelay()) + "\n"
                + "MC_VERSION=1.21.1\n";
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
    }

    private static String serverProperties(MinecraftServerSetup setup) {
        return "#Minecraft server properties\n"
                + "motd=Sandbox " + setup.dir() + "\n"
                + "max-players=" + setup.maxPlayers() + "\n"
                + "server-port=25565\n"
                + "white-list=" + !setup.whitelist().isEmpty() + "\n"
                + "enforce-whitelist=" + !setup.whitelist().isEmpty() + "\n"
                + "online-mode=true\n";
    }

    /**
     * whitelist.json or ops.json as the server writes them: offline-mode UUIDs (what the server uses
     * without Mojang's session servers), and for operators their level.
     */
    private static String playerList(List<String> names, boolean operators) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (String name : names) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("uuid", UUID.nameUUIDFromBytes(("OfflinePlayer:" + name).getBytes(StandardCharsets.UTF_8)).toString());
            e.put("name", name);
            if (operators) {
                e.put("level", 4);
                e.put("bypassesPlayerLimit", false);
            }
            entries.add(e);
        }
        return pmgr.common.Json.write(entries) + "\n";
    }

    /** What the ServerStarter-style packs ship; the installer's extract/configure steps read and sed it. */
    private static final String VARIABLES = """
            MINECRAFT_VERSION=1.21.1
            MODLOADER=NeoForge
            MODLOADER_VERSION=21.1.77
            JAVA_ARGS="-Xmx10G -Xms10G"
            SKIP_JAVA_CHECK=true
            WAIT_FOR_USER_INPUT=false
            RESTART=false
            """;
}
