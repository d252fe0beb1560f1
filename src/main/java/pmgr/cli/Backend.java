package pmgr.cli;

import pmgr.api.ApiToken;
import pmgr.api.EngineApi;
import pmgr.api.HttpEngineApi;
import pmgr.api.LocalApi;
import pmgr.api.ServerInfo;
import pmgr.common.Poll;
import pmgr.config.Settings;
import pmgr.engine.DataDirLock;
import pmgr.engine.Engine;

/**
 * Where a CLI command is served: by a running {@code pmgr serve} over HTTP when there is one (so
 * two processes never open the embedded database), else by an engine started in this process.
 */
final class Backend implements AutoCloseable {
    final EngineApi api;
    private final Engine engine;
    final boolean remote;

    private Backend(EngineApi api, Engine engine) {
        this.api = api;
        this.engine = engine;
        this.remote = engine == null;
    }

    static Backend connect(Settings settings, String origin, Engine.Options local) {
        if (!DataDirLock.isHeld(settings.dataDir())) {
            pmgr.config.Home.check(settings);
            try {
                Engine engine = Engine.start(settings, local);
                return new Backend(new LocalApi(engine), engine);
            } catch (DataDirLock.InUseException taken) {
                // another process took the directory between the look and the start: a starting serve is
                // waited for and used; another command's hold is refused below, naming it
            }
        }
        return new Backend(server(settings, origin), null);
    }

    /** The running {@code pmgr serve}'s API; none running is bad usage, named with what is needed. */
    static HttpEngineApi server(Settings settings, String origin, String neededFor) {
        if (!DataDirLock.isHeld(settings.dataDir())) {
            throw new IllegalArgumentException(neededFor + " needs a running pmgr serve (data directory " + settings.dataDir() + ")");
        }
        return server(settings, origin);
    }

    private static HttpEngineApi server(Settings settings, String origin) {
        ServerInfo server = serverInfo(settings.dataDir());
        String token = ApiToken.find(settings).orElseThrow(() -> new IllegalStateException(
                "pmgr serve is running at " + server.url() + " but no API token was found (" + settings.dataDir()
                        + "/api-token or pmgr.api.token)"));
        return new HttpEngineApi(server.url(), token, origin);
    }

    /** The running server's address; a server that is still starting gets a bounded wait. */
    private static ServerInfo serverInfo(java.nio.file.Path dataDir) {
        try {
            return Poll.within(STARTING_SERVER_WAIT, java.time.Duration.ofMillis(200)).until(() -> {
                var info = ServerInfo.read(dataDir);
                // a holder that has not written its name yet is a moment into taking the lock: as good as starting
                boolean starting = DataDirLock.heldByServer(dataDir) || DataDirLock.holder(dataDir).isEmpty() && DataDirLock.isHeld(dataDir);
                if (info.isEmpty() && !starting) {
                    throw new DataDirLock.InUseException(dataDir, DataDirLock.holder(dataDir).orElse("unknown"));
                }
                return info;
            }).orElseThrow(() -> new DataDirLock.InUseException(dataDir, DataDirLock.holder(dataDir).orElse("unknown")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for pmgr serve to start");
        }
    }

    /** How long the CLI waits for a `pmgr serve` that holds the data directory but does not listen yet. */
    static final java.time.Duration STARTING_SERVER_WAIT = java.time.Duration.ofSeconds(60);

    static String cliOrigin() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }

}
