package pmgr.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** pmgr's own health checks (Camel health checks of group {@value #GROUP}): what serve needs to do its work. */
public final class HealthChecks {
    public static final String GROUP = "pmgr";

    private HealthChecks() {
    }

    /** The database answers (liveness: without it nothing works). */
    static final class Database extends AbstractHealthCheck {
        private final DataSource dataSource;

        Database(DataSource dataSource) {
            super(GROUP, "database");
            this.dataSource = dataSource;
        }

        @Override
        public boolean isLiveness() {
            return true;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            try (Connection c = dataSource.getConnection()) {
                if (c.isValid(2)) {
                    builder.up().message("answers");
                } else {
                    builder.down().message("does not answer within 2s");
                }
            } catch (Exception e) {
                builder.down().message("cannot connect: " + pmgr.engine.Errors.forClient(e));
            }
        }
    }

    /**
     * The Proxmox API can be reached (readiness only: serve lives on without it). Any HTTP answer
     * counts, a refusal of credentials included: no credentials are sent, and no certificate trusted.
     */
    static final class Proxmox extends AbstractHealthCheck {
        private static final Duration TIMEOUT = Duration.ofSeconds(3);
        private final String apiUrl;
        private final HttpClient http;

        Proxmox(String apiUrl) {
            super(GROUP, "proxmox");
            this.apiUrl = apiUrl;
            this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).sslContext(reachOnly()).build();
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            builder.detail("url", apiUrl);
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(apiUrl + "/api2/json/version")).timeout(TIMEOUT)
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                builder.up().message("answers (HTTP " + r.statusCode() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                builder.down().message("interrupted");
            } catch (Exception e) {
                builder.down().message("cannot reach " + apiUrl + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }

        /** Reachability only: the handshake may complete with any certificate, and nothing secret is sent. */
        private static SSLContext reachOnly() {
            try {
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(null, new TrustManager[] {new pmgr.common.TrustAll()}, null);
                return ssl;
            } catch (Exception e) {
                throw new IllegalStateException("cannot set up TLS for the Proxmox health check: " + e.getMessage(), e);
            }
        }
    }

    /** The schedules (routes of group schedule) are running (readiness); they run only in serve. */
    static final class Scheduler extends AbstractHealthCheck {
        private final boolean serving;

        Scheduler(boolean serving) {
            super(GROUP, "scheduler");
            this.serving = serving;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            CamelContext camel = getCamelContext();
            if (!serving) {
                builder.up().message("schedules run only in serve");
                return;
            }
            List<Route> schedules = camel.getRoutes().stream().filter(r -> "schedule".equals(r.getGroup())).toList();
            // a schedule switched off (pmgr.schedule.*.enabled=false: autoStartup false) is off on purpose, not a fault
            List<String> stopped = schedules.stream().filter(Route::isAutoStartup).filter(r -> camel.getRouteController()
                    .getRouteStatus(r.getRouteId()) != ServiceStatus.Started).map(Route::getRouteId).toList();
            builder.detail("schedules", schedules.stream().map(Route::getRouteId).toList());
            if (stopped.isEmpty()) {
                builder.up().message(schedules.size() + " schedule(s) running");
            } else {
                builder.down().message("not running: " + String.join(", ", stopped));
            }
        }
    }
}
