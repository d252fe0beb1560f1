package pmgr.models.ssh;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.common.BaseBuilder;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KeyExchangeFactory;

/**
 * How every SSH client of pmgr is built: the known-hosts check and the order of key exchanges.
 * MINA's default puts sntrup761x25519 first, and its key pair costs about 300 ms of CPU per
 * connection in Java (against about 20 ms for the others), which a fan-out over many hosts pays
 * on every connection. So the hybrid post-quantum ML-KEM exchange of OpenSSH 9.9+ comes first,
 * then the classical curve exchanges every OpenSSH since 6.5 offers; sntrup761 stays for a server
 * that offers nothing else.
 */
public final class SshClients {
    /** Cheap first; the rest of MINA's defaults follow in their own order. */
    static final List<BuiltinDHFactories> PREFERRED_KEX = List.of(
            BuiltinDHFactories.mlkem768x25519,
            BuiltinDHFactories.curve25519,
            BuiltinDHFactories.curve25519_libssh,
            BuiltinDHFactories.ecdhp256,
            BuiltinDHFactories.ecdhp384,
            BuiltinDHFactories.ecdhp521);

    private SshClients() {
    }

    public static ClientBuilder builder(Path knownHosts, HostKeyPolicy policy) {
        return ClientBuilder.builder()
                .serverKeyVerifier(new KnownHosts(knownHosts, policy))
                .keyExchangeFactories(keyExchanges());
    }

    /** The preferred exchanges, then the rest of MINA's default preference, each once, supported only. */
    static List<KeyExchangeFactory> keyExchanges() {
        Set<BuiltinDHFactories> order = new LinkedHashSet<>(PREFERRED_KEX);
        order.addAll(BaseBuilder.DEFAULT_KEX_PREFERENCE);
        return order.stream().filter(BuiltinDHFactories::isSupported).map(ClientBuilder.DH2KEX).toList();
    }
}
