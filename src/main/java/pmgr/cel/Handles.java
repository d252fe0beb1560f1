package pmgr.cel;

import java.util.List;

/** Receivers of the functions CEL expressions call: {@code vault.get(...)}, {@code definitions.byType(...)}. */
final class Handles {
    private Handles() {
    }

    record VaultHandle(CelSources sources) {
        String get(String vault, String key) {
            return sources.vault().get(vault, key).orElseThrow(() -> new CelException(
                    "vault.get(\"" + vault + "\", \"" + key + "\"): no such secret (add it with: pmgr vault put "
                            + vault + " " + key + ")"));
        }
    }

    record DefinitionsHandle(CelSources sources) {
        List<String> byType(List<String> types) {
            return sources.instancesOfTypes(types);
        }

        List<String> standalone(List<String> types) {
            return sources.standaloneOfTypes(types);
        }

        java.util.Map<String, Object> find(String type, String field, Object value) {
            return sources.settingsOf(type, field, value);
        }
    }
}
