package pmgr.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Comparator;
import java.util.List;
import pmgr.engine.Definition;
import pmgr.engine.Engine;
import pmgr.store.ResourceVersion;

/**
 * The game servers' last known players online, from their stored metrics data (the 2-minute
 * collection): one gauge per game server definition, read when scraped; no value until the first
 * collection.
 */
final class GameMetrics {
    static final List<String> GAME_TYPES = List.of("minecraft/server", "terraria/server");

    private GameMetrics() {
    }

    /** Registers a gauge per game server; returns them (to be removed when the engine stops). */
    static List<Gauge> register(Engine engine, MeterRegistry registry) {
        List<Gauge> gauges = new java.util.ArrayList<>();
        for (Definition d : engine.definitions().all()) {
            Object name = d.literalArguments().get("serverName");
            if (!GAME_TYPES.contains(d.type()) || name == null) {
                continue;
            }
            gauges.add(Gauge.builder("pmgr.game.players.online", () -> online(engine, d.name()))
                    .description("Players online at the last collection")
                    .tag("server", String.valueOf(name)).tag("definition", d.name()).tag("type", d.type())
                    .register(registry));
        }
        return gauges;
    }

    private static double online(Engine engine, String definition) {
        return engine.store().latestAll(definition).stream().filter(v -> v.spec().equals("metrics"))
                .max(Comparator.comparing(ResourceVersion::createdAt))
                .map(v -> v.attributes().get("online") instanceof Number n ? n.doubleValue() : Double.NaN)
                .orElse(Double.NaN);
    }
}
