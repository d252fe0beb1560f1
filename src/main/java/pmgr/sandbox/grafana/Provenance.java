package pmgr.sandbox.grafana;

/** Grafana marks what the provisioning API wrote as "api", unless the caller sends X-Disable-Provenance. */
final class Provenance {
    static final String HEADER = "X-Disable-Provenance";

    private Provenance() {
    }

    static String of(ApiCall call) {
        return call.hasHeader(HEADER) ? "" : "api";
    }
}
