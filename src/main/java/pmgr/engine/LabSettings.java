package pmgr.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import pmgr.config.Settings;

/**
 * The {@code pmgr.lab.*} settings (API URL, node, user, vault names...) as the nested map CEL sees
 * as {@code lab}: {@code pmgr.lab.proxmox.apiUrl} is {@code lab.proxmox.apiUrl}. Definitions read
 * lab-specific values from here, so the same definitions serve the sandbox and a real lab.
 */
final class LabSettings {
    static final String PREFIX = "pmgr.lab.";

    private LabSettings() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> tree(Settings settings) {
        Map<String, Object> root = new LinkedHashMap<>();
        settings.withPrefix(PREFIX).forEach((key, value) -> {
            String[] parts = key.split("\\.");
            Map<String, Object> at = root;
            for (int i = 0; i < parts.length - 1; i++) {
                Object next = at.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
                if (!(next instanceof Map)) {
                    throw new IllegalArgumentException("setting " + PREFIX + key + " clashes with " + PREFIX
                            + String.join(".", java.util.Arrays.copyOf(parts, i + 1)));
                }
                at = (Map<String, Object>) next;
            }
            at.put(parts[parts.length - 1], value);
        });
        return root;
    }
}
