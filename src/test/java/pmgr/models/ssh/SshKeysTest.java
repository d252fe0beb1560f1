package pmgr.models.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshKeysTest {
    @TempDir
    Path dir;

    @Test
    void aKeyFileIsParsedOnceAndAgainWhenItChanges() throws Exception {
        Path file = dir.resolve("id_ed25519");
        KeyPair first = write(file);
        KeyPair loaded = SshKeys.load(null, file.toString());
        assertThat(openSsh(loaded)).isEqualTo(openSsh(first));
        assertThat(SshKeys.load(null, file.toString())).isSameAs(loaded);

        KeyPair second = write(file);
        KeyPair reloaded = SshKeys.load(null, file.toString());
        assertThat(openSsh(reloaded)).isEqualTo(openSsh(second)).isNotEqualTo(openSsh(first));
    }

    @Test
    void textThatIsNoKeyIsRefusedEveryTime() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> SshKeys.load("not a key", null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the key from the vault");
        }
    }

    private static String openSsh(KeyPair key) {
        return PublicKeyEntry.toString(key.getPublic());
    }

    private static KeyPair write(Path file) throws Exception {
        KeyPair key = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", null, out);
        }
        return key;
    }
}
