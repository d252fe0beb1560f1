package pmgr.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens secrets with AES-256-GCM. Each sealed value carries its own random nonce and
 * is bound to a context text (e.g. {@code vault/proxmox-vault/password}), so a ciphertext copied
 * into another slot does not open.
 */
public final class Sealer {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private Sealer(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the vault key must be 32 bytes (base64 of 32 bytes), got " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * The key from configuration ({@code pmgr.vault.key}, base64), else from the key file, which is
     * created with owner-only permissions on first use.
     */
    public static Sealer load(String configuredKey, Path keyFile) {
        if (configuredKey != null && !configuredKey.isBlank()) {
            try {
                return new Sealer(Base64.getDecoder().decode(configuredKey.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pmgr.vault.key: " + e.getMessage());
            }
        }
        try {
            if (!Files.exists(keyFile)) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Files.createDirectories(keyFile.getParent());
                try {
                    Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(keyFile, Base64.getEncoder().encodeToString(fresh));
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: use theirs
                }
            }
            return new Sealer(Base64.getDecoder().decode(Files.readString(keyFile).trim()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the vault key file " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** The key in base64 (registered for masking), for a copy of this vault on another host. */
    public String keyText() {
        String text = Base64.getEncoder().encodeToString(key.getEncoded());
        pmgr.common.Secrets.register(text);
        return text;
    }

    public String seal(String plain, String context) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + ct.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(ct, 0, out, nonce.length, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal secret: " + e.getMessage(), e);
        }
    }

    public String open(String sealed, String context) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot open secret " + context
                    + " (wrong vault key, or the stored value was altered)", e);
        }
    }
}
