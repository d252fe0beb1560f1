package pmgr.models.ssh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Loads the private key SSH logs in with: text from the vault, a file, or the user's default key. */
public final class SshKeys {
    private SshKeys() {
    }

    /** {@code keyText} (e.g. from the vault) wins, then {@code keyFile}, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
    public static KeyPair load(String keyText, String keyFile) {
        if (keyText != null && !keyText.isBlank()) {
            return parse("the key from the vault", new ByteArrayInputStream(keyText.getBytes(StandardCharsets.UTF_8)));
        }
        if (keyFile != null && !keyFile.isBlank()) {
            Path p = Path.of(keyFile.startsWith("~/") ? System.getProperty("user.home") + keyFile.substring(1) : keyFile);
            return fromFile(p);
        }
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
            if (Files.isRegularFile(ssh.resolve(name))) {
                return fromFile(ssh.resolve(name));
            }
        }
        throw new IllegalArgumentException("no SSH key: give ssh.key (from the vault, pmgr.lab.ssh.keyVaultKey) or ssh.keyFile, or create ~/.ssh/id_ed25519");
    }

    private static KeyPair fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(file.toString(), in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read SSH key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair parse(String what, InputStream in) {
        try {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(what), in, null);
            Iterator<KeyPair> it = keys == null ? null : keys.iterator();
            if (it == null || !it.hasNext()) {
                throw new IllegalArgumentException(what + " holds no private key");
            }
            return it.next();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load SSH key (" + what + "): " + e.getMessage(), e);
        }
    }
}
