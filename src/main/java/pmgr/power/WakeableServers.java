package pmgr.power;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.cel.Template;
import pmgr.engine.ArgumentBinder;
import pmgr.engine.Definition;
import pmgr.engine.Engine;
import pmgr.engine.Errors;
import pmgr.models.games.WakeOnJoin;

/**
 * The servers with wake on join, found once at start: each Minecraft server definition whose
 * {@code wake} block, worked out with the lab settings, has a {@code listen} address. A block that
 * does not work out is warned about and that server has no listener.
 */
public final class WakeableServers {
    private static final Logger LOG = LoggerFactory.getLogger(WakeableServers.class);
    static final String MODEL_TYPE = "minecraft/server";
    private final List<WakeableServer> all;

    private WakeableServers(List<WakeableServer> all) {
        this.all = List.copyOf(all);
    }

    public static WakeableServers find(Engine engine) {
        List<WakeableServer> found = new ArrayList<>();
        for (Definition d : engine.definitions().all()) {
            if (!d.type().equals(MODEL_TYPE) || !(d.globalArguments().get("serverName") instanceof String name)
                    || name.contains("${{") || !(d.globalArguments().get("wake") instanceof Map<?, ?> block)) {
                continue;
            }
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> written = ArgumentBinder.withTemplateDefaults(WakeOnJoin.class, (Map<String, Object>) block);
                Object resolved = Template.resolve(written, engine.cel(), engine.cel().bindings());
                @SuppressWarnings("unchecked")
                WakeOnJoin wake = ArgumentBinder.bind(WakeOnJoin.class, (Map<String, Object>) resolved, d.name() + ".wake");
                if (wake.on()) {
                    found.add(new WakeableServer(name, d.name(), wake));
                }
            } catch (RuntimeException e) {
                LOG.warn("wake: {} has no wake listener: its wake block does not work out ({})", d.name(), Errors.describe(e));
            }
        }
        return new WakeableServers(found);
    }

    public List<WakeableServer> all() {
        return all;
    }

    public Optional<WakeableServer> get(String name) {
        return all.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }
}
