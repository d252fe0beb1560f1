package pmgr.common;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * A secret the process makes for itself on first start (the API token, the Hawtio password): kept
 * in a file only its owner can read, registered for masking whenever it is read.
 */
public final class SecretFile {
    private SecretFile() {
    }

    /** The file's secret, or a new random one written to it (0600). */
    public static String ensure(Path file, String what) {
        Optional<String> existing = read(file, what);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            Files.createDirectories(file.getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret);
        } catch (FileAlreadyExistsException raced) {
            return read(file, what).orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the " + what + " file " + file + ": " + e.getMessage(), e);
        }
        Secrets.register(secret);
        return secret;
    }

    /** The file's secret, if the file exists. */
    public static Optional<String> read(Path file, String what) {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            String secret = Files.readString(file).trim();
            Secrets.register(secret);
            return Optional.of(secret);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the " + what + " file " + file + ": " + e.getMessage(), e);
        }
    }
}
