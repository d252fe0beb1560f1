/**
 * An in-process fake Grafana HTTP API (shaped like Grafana 11) for tests and the demo mode, so a client that
 * talks HTTP with a service-account token can be tested end to end without a real Grafana.
 *
 * <p>Entry point: {@link pmgr.sandbox.grafana.FakeGrafana#builder()}. One loopback port serves health,
 * dashboards, folders, search, data sources (with the data-source proxy), annotations and the alerting
 * provisioning API (contact points, notification policies, alert rules) with Grafana's paths, status codes
 * and error bodies. Tests read the state through deep-copied views and check {@code writes()} and the request
 * journal. Everything else in the package is internal.
 */
package pmgr.sandbox.grafana;
