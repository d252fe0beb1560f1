package pmgr.power;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pmgr.engine.BusyException;
import pmgr.engine.Engine;
import pmgr.store.ResourceVersion;

/**
 * Works out a server's {@link PowerState}: the run that holds its lock says starting (its wake
 * workflow) or busy (anything else); otherwise the newest data says whether it runs - the server's
 * {@code serverRunning} as its start, stop, status or metrics last recorded it, unless its VM was
 * seen stopped since.
 */
public final class ServerPower {
    private final Engine engine;

    public ServerPower(Engine engine) {
        this.engine = engine;
    }

    public PowerState of(WakeableServer server) {
        try {
            engine.runner().checkNotBusy(server.lockKey());
        } catch (BusyException held) {
            PowerState.State s = held.holderTarget().equals(server.wake().workflow()) ? PowerState.State.STARTING : PowerState.State.BUSY;
            return new PowerState(s, held.holderId(), held.holderTarget(), held.holderOrigin(), held.holderStartedAt());
        }
        return PowerState.of(running(server.name()) ? PowerState.State.ONLINE : PowerState.State.ASLEEP);
    }

    private boolean running(String server) {
        Optional<ResourceVersion> game = newest(WakeableServers.MODEL_TYPE, List.of("server", "metrics"), server,
                a -> a.get("serverRunning") instanceof Boolean);
        if (game.isEmpty() || !Boolean.TRUE.equals(game.get().attributes().get("serverRunning"))) {
            return false;
        }
        Optional<ResourceVersion> vm = newest("proxmox/vm", List.of("vm"), server, a -> a.get("status") != null);
        return vm.isEmpty() || "running".equals(vm.get().attributes().get("status"))
                || vm.get().createdAt().isBefore(game.get().createdAt());
    }

    /**
     * The newest version of a resource that any definition of the model type wrote (the generic
     * {@code minecraftGame} writes for every server, the server's own definition too).
     */
    public Optional<ResourceVersion> newest(String modelType, List<String> specs, String name,
                                            java.util.function.Predicate<Map<String, Object>> having) {
        return engine.definitions().byType(List.of(modelType)).stream()
                .flatMap(d -> specs.stream().flatMap(spec -> engine.store().latest(d, spec, name).stream()))
                .filter(v -> having.test(v.attributes()))
                .max(Comparator.comparing(ResourceVersion::createdAt));
    }

    /** What the server last recorded about who may join it (its {@code access} data), if it ever did. */
    public Optional<ResourceVersion> access(WakeableServer server) {
        return newest(WakeableServers.MODEL_TYPE, List.of("access"), server.name(), a -> a.containsKey("whitelist"));
    }
}
