package pmgr.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import pmgr.common.Meters;
import pmgr.engine.Engine;

/**
 * What an operator watches in {@code serve}: the meters (runs, steps, game servers' players; Camel's
 * own route meters when {@code camel.metrics.enabled}) and the health checks (database, Proxmox,
 * schedules; the bot adds Discord's). Undone on close, so a later engine in the same process starts clean.
 */
public final class Operations implements AutoCloseable {
    private final Engine engine;
    private final RunMetrics runMetrics = new RunMetrics();
    private final List<Meter> gauges = new ArrayList<>();
    private final List<HealthCheck> checks = new ArrayList<>();

    private Operations(Engine engine) {
        this.engine = engine;
    }

    public static Operations start(Engine engine) {
        Operations ops = new Operations(engine);
        engine.events().subscribe(ops.runMetrics);
        MeterRegistry registry = Meters.registry();
        ops.gauges.addAll(GameMetrics.register(engine, registry));
        ops.check(new HealthChecks.Database(engine.database()));
        ops.check(new HealthChecks.Proxmox(engine.settings().get("pmgr.lab.proxmox.apiUrl")));
        ops.check(new HealthChecks.Scheduler(engine.serving()));
        return ops;
    }

    private void check(org.apache.camel.impl.health.AbstractHealthCheck c) {
        c.setCamelContext(engine.camel());
        HealthCheckRegistry.get(engine.camel()).register(c);
        checks.add(c);
    }

    @Override
    public void close() {
        engine.events().unsubscribe(runMetrics);
        gauges.forEach(Meters.registry()::remove);
        HealthCheckRegistry registry = HealthCheckRegistry.get(engine.camel());
        if (registry != null) {
            checks.forEach(registry::unregister);
        }
    }
}
