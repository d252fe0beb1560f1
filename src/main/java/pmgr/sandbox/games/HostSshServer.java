package pmgr.sandbox.games;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/** The MINA SSH server of one host: public-key login only, exec + SCP, a persisted host key. */
final class HostSshServer implements AutoCloseable {
    private final SshServer server;
    private final SimpleGeneratorHostKeyProvider hostKeys;
    private final java.util.concurrent.atomic.AtomicLong connections = new java.util.concurrent.atomic.AtomicLong();
    private volatile String keyExchange;

    HostSshServer(HostLayout layout, String address, int port, List<PublicKey> authorizedKeys, Path authorizedKeysFile,
            Path hostKeyFile) throws IOException {
        Files.createDirectories(hostKeyFile.toAbsolutePath().getParent());
        hostKeys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
        hostKeys.setAlgorithm(SecurityUtils.EDDSA); // an Ed25519 host key, as OpenSSH prefers
        hostKeys.setKeySize(256);

        server = SshServer.setUpDefaultServer();
        server.setHost(address);
        server.setPort(port);
        server.setKeyPairProvider(hostKeys);
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPublickeyAuthenticator((user, key, session) ->
                authorizedKeys.stream().anyMatch(allowed -> KeyUtils.compareKeys(allowed, key))
                        || (authorizedKeysFile != null && listedIn(authorizedKeysFile, key)));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setShellFactory(null);
        server.setFileSystemFactory(NativeFileSystemFactory.INSTANCE);
        server.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
            @Override
            public void sessionCreated(org.apache.sshd.common.session.Session session) {
                connections.incrementAndGet();
            }

            @Override
            public void sessionEvent(org.apache.sshd.common.session.Session session, Event event) {
                if (event == Event.KexCompleted) {
                    keyExchange = session.getNegotiatedKexParameter(org.apache.sshd.common.kex.KexProposalOption.ALGORITHMS);
                }
            }
        });
        server.setCommandFactory(new ScpCommandFactory.Builder()
                .withDelegate(new ShellCommandFactory(layout))
                .withFileOpener(new RootedScpFileOpener(layout.root()))
                .build());
    }

    /** Is the key in this authorized_keys file? A missing or unreadable file lets no one in. */
    private static boolean listedIn(Path authorizedKeysFile, PublicKey key) {
        if (!Files.isRegularFile(authorizedKeysFile)) {
            return false;
        }
        try {
            for (var entry : org.apache.sshd.common.config.keys.AuthorizedKeyEntry.readAuthorizedKeys(authorizedKeysFile)) {
                PublicKey listed = entry.resolvePublicKey(null, org.apache.sshd.common.config.keys.PublicKeyEntryResolver.IGNORING);
                if (listed != null && KeyUtils.compareKeys(listed, key)) {
                    return true;
                }
            }
        } catch (IOException | java.security.GeneralSecurityException e) {
            return false;
        }
        return false;
    }

    void start() throws IOException {
        server.start();
    }

    /** SSH connections accepted since start (what a manager's call costs the host). */
    long connections() {
        return connections.get();
    }

    /** The key exchange the last connection's client chose (the client's preference decides). */
    String lastKeyExchange() {
        return keyExchange;
    }

    /** The port actually bound (the requested one, or the free one picked for port 0). */
    int boundPort() {
        for (SocketAddress address : server.getBoundAddresses()) {
            if (address instanceof InetSocketAddress inet) {
                return inet.getPort();
            }
        }
        return server.getPort();
    }

    PublicKey hostPublicKey() {
        for (KeyPair pair : hostKeys.loadKeys(null)) {
            return pair.getPublic();
        }
        throw new IllegalStateException("no host key");
    }

    /** The line OpenSSH would add to known_hosts; non-22 ports use the bracketed form. */
    static String knownHostsLine(String address, int port, PublicKey key) {
        String host = port == 22 ? address : "[" + address + "]:" + port;
        return host + " " + PublicKeyEntry.toString(key);
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
