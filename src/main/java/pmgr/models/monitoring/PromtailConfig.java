package pmgr.models.monitoring;

import java.util.regex.Pattern;
import pmgr.models.ssh.Shell;

/**
 * promtail's config on a VM: ship syslog ({@code job=syslog}) and every {@code *.log} under the log
 * folder ({@code job=logs}, the players log among them) to Loki, labelled {@code host=<vmName>}.
 * The config is a fixed template whose values are printf arguments on the remote side, each quoted
 * by {@link Shell}: a folder under {@code ~} becomes the VM's absolute path there.
 */
final class PromtailConfig {
    /** http(s)://host[:port][/path], nothing YAML or a shell could read differently. */
    static final Pattern LOKI_URL = Pattern.compile("https?://[A-Za-z0-9]([A-Za-z0-9.-]{0,252})(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?");

    private static final String TEMPLATE = """
            server:
              http_listen_port: 9080
              grpc_listen_port: 0

            positions:
              filename: %s/lib/promtail/positions.yaml

            clients:
              - url: %s

            scrape_configs:
              - job_name: syslog
                static_configs:
                  - targets: [localhost]
                    labels:
                      host: %s
                      job: syslog
                      __path__: %s/log/messages
              - job_name: logs
                static_configs:
                  - targets: [localhost]
                    labels:
                      host: %s
                      job: logs
                      __path__: %s/log/*.log
            """;

    private PromtailConfig() {
    }

    static String checkLokiUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("argument 'lokiUrl' is required (Loki's push URL: run hancockMonitoring.discover first, "
                    + "or give it, e.g. http://10.0.0.12:3100/loki/api/v1/push)");
        }
        if (!LOKI_URL.matcher(url).matches()) {
            throw new IllegalArgumentException("argument 'lokiUrl' must be an http:// or https:// URL (host, optional port and path of "
                    + "letters, digits and . _ ~ / -), got '" + url + "'");
        }
        return url;
    }

    /** The config as it reads with the folder as given (what the tests and the resource show). */
    static String text(String varDir, String lokiUrl, String vmName) {
        String v = trim(varDir);
        return String.format(TEMPLATE, v, lokiUrl, vmName, v, vmName, v);
    }

    /** A remote command printing the config, the folder expanded by the VM's shell. */
    static String printCommand(String varDir, String lokiUrl, String vmName) {
        String v = Shell.path(trim(varDir));
        return "printf " + Shell.quote(TEMPLATE) + " " + v + " " + Shell.quote(lokiUrl) + " " + Shell.quote(vmName) + " " + v
                + " " + Shell.quote(vmName) + " " + v;
    }

    private static String trim(String dir) {
        return dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }
}
