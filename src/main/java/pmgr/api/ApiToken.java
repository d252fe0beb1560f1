package pmgr.api;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
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
        Optional<String> existing = find(settings);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path file = settings.dataDir().resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token);
        } catch (FileAlreadyExistsException raced) {
            return find(settings).orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the API token file " + file + ": " + e.getMessage(), e);
        }
        Secrets.register(token);
        return token;
    }

    /** The token for calling a server: configured, or from the file. */
    public static Optional<String> find(Settings settings) {
        if (settings.has("pmgr.api.token")) {
            String t = settings.get("pmgr.api.token");
            Secrets.register(t);
            return Optional.of(t);
        }
        Path file = settings.dataDir().resolve(FILE);
        try {
            if (Files.exists(file)) {
                String t = Files.readString(file).trim();
                Secrets.register(t);
                return Optional.of(t);
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the API token file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Compares in constant time, so response timing tells nothing about the token. */
    static boolean matches(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(), given.getBytes());
    }
}
