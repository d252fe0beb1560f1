package pmgr.common;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The process's meters (Micrometer): one Prometheus registry, also the global one, so any part
 * counts with {@code Metrics.counter(...)} and {@code serve} shows it all at {@code /metrics}.
 * Process-wide on purpose, like {@link Secrets}: what is counted does not depend on who asks.
 */
public final class Meters {
    private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Camel's meter of exchange events, which names the route only for exchanges that came from one. */
    static final String CAMEL_EXCHANGE_EVENTS = "camel.exchange.event.notifier";

    static {
        // Prometheus takes one set of label names per meter: an exchange sent without a route (an SSH
        // or Proxmox call) gets an empty routeId, else whichever kind came second would be dropped
        REGISTRY.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals(CAMEL_EXCHANGE_EVENTS) && id.getTag("routeId") == null
                        ? id.withTag(Tag.of("routeId", "")) : id;
            }
        });
        Metrics.addRegistry(REGISTRY);
    }

    private Meters() {
    }

    public static PrometheusMeterRegistry registry() {
        return REGISTRY;
    }

    /** Counts one thing that happened, e.g. a Proxmox call: {@code count("pmgr.proxmox.requests", "endpoint", "/nodes/{node}")}. */
    public static void count(String name, String... tags) {
        Metrics.counter(name, tags).increment();
    }
}
