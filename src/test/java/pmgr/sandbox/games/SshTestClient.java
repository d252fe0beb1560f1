package pmgr.sandbox.games;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.scp.client.ScpClientCreator;

/** A MINA SSH client logged in to one sandbox host, checking the host key it is shown. */
final class SshTestClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SshClient client;
    private final ClientSession session;

    private SshTestClient(SshClient client, ClientSession session) {
        this.client = client;
        this.session = session;
    }

    static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    static SshTestClient login(GameHost host, KeyPair identity) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((clientSession, remote, serverKey) ->
                KeyUtils.compareKeys(serverKey, host.hostPublicKey()));
        client.start();
        try {
            ClientSession session = client.connect("root", host.address(), host.port())
                    .verify(TIMEOUT).getSession();
            session.addPublicKeyIdentity(identity);
            session.auth().verify(TIMEOUT);
            return new SshTestClient(client, session);
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw e;
        }
    }

    CommandResult exec(String command) throws IOException {
        return exec(command, null);
    }

    CommandResult exec(String command, String stdin) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(out);
            channel.setErr(err);
            if (stdin != null) {
                channel.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            }
            channel.open().verify(TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            Integer status = channel.getExitStatus();
            if (status == null) {
                throw new IOException("no exit status for: " + command);
            }
            return new CommandResult(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    void upload(Path local, String remote) throws IOException {
        ScpClientCreator.instance().createScpClient(session).upload(local, remote);
    }

    void download(String remote, Path local) throws IOException {
        ScpClientCreator.instance().createScpClient(session).download(remote, local);
    }

    @Override
    public void close() throws IOException {
        try {
            session.close();
        } finally {
            client.stop();
        }
    }
}
