package pmgr.common;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The process's meters (Micrometer): one Prometheus registry, also the global one, so any part
 * counts with {@code Metrics.counter(...)} and {@code serve} shows it all at {@code /metrics}.
 * Process-wide on purpose, like {@link Secrets}: what is counted does not depend on who asks.
 */
public final class Meters {
    private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    static {
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
