package pmgr.api;

import java.security.MessageDigest;
import java.util.Optional;
import pmgr.common.SecretFile;
import pmgr.common.Secrets;
import pmgr.config.Settings;

/**
 * The bearer token every API call needs: {@code pmgr.api.token} if configured, else the token
 * {@code serve} created on first start in {@code <data-dir>/api-token} (owner-only permissions),
 * where the CLI on the same machine finds it.
 */
public final class ApiToken {
    static final String FILE = "api-token";

    private ApiToken() {
    }

    /** The token for serving: configured, or read from the file, or created. */
    public static String ensure(Settings settings) {
        return find(settings).orElseGet(() -> SecretFile.ensure(settings.dataDir().resolve(FILE), "API token"));
    }

    /** The token for calling a server: configured, or from the file. */
    public static Optional<String> find(Settings settings) {
        if (settings.has("pmgr.api.token")) {
            String t = settings.get("pmgr.api.token");
            Secrets.register(t);
            return Optional.of(t);
        }
        return SecretFile.read(settings.dataDir().resolve(FILE), "API token");
    }

    /** Compares in constant time, so response timing tells nothing about the token. */
    static boolean matches(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
