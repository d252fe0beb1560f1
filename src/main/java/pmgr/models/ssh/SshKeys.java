package pmgr.models.ssh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Loads the private key SSH logs in with: text from the vault, a file, or the user's default key. */
public final class SshKeys {
    /**
     * Keys already parsed, by the SHA-256 of their text: every connection loads its key, and parsing
     * one (decoding and deriving the public half) cost a few percent of a collection's CPU. The map
     * keeps digests, not key text; a changed file has another digest and is parsed anew.
     */
    private static final Map<String, KeyPair> PARSED = new ConcurrentHashMap<>();

    private SshKeys() {
    }

    /** {@code keyText} (e.g. from the vault) wins, then {@code keyFile}, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
    public static KeyPair load(String keyText, String keyFile) {
        if (keyText != null && !keyText.isBlank()) {
            return parse("the key from the vault", keyText.getBytes(StandardCharsets.UTF_8));
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
        byte[] text;
        try {
            text = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read SSH key file " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    private static KeyPair parse(String what, byte[] text) {
        return PARSED.computeIfAbsent(digest(text), d -> parsed(what, new ByteArrayInputStream(text)));
    }

    private static String digest(byte[] text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static KeyPair parsed(String what, InputStream in) {
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
