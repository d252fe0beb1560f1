package pmgr.models.deploy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code application.properties} of a deployed copy: this lab's configuration file as it is,
 * then what is this deployment's own (where it listens, its data folder, the vault file it takes
 * in, the definition's settings). Later lines win in a properties file, so those come last.
 */
final class DeployedConfiguration {
    private static final Pattern KEY = Pattern.compile("pmgr\\.[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private DeployedConfiguration() {
    }

    static byte[] compose(String source, String labConfiguration, Map<String, String> deployment, Map<String, ?> extra) {
        Map<String, String> own = new LinkedHashMap<>(deployment);
        if (extra != null) {
            extra.forEach((key, value) -> {
                if (!KEY.matcher(key).matches()) {
                    throw new IllegalArgumentException("argument 'settings': '" + key + "' must be a pmgr setting name (pmgr.<letters, digits, . _ ->)");
                }
                String text = value == null ? "" : String.valueOf(value);
                if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                    throw new IllegalArgumentException("argument 'settings': the value of " + key + " must be one line");
                }
                own.put(key, text);
            });
        }
        StringBuilder out = new StringBuilder("# Written by pmgr/deploy: ").append(source).append(", then this deployment's own settings.\n");
        out.append(labConfiguration);
        if (!labConfiguration.endsWith("\n")) {
            out.append('\n');
        }
        out.append("\n# ---- this deployment (pmgr/deploy)\n");
        own.forEach((k, v) -> out.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
