package pmgr.models.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The known-hosts store (OpenSSH format: {@code [host]:port algorithm base64}) and the check made on
 * every connection. A refusal is remembered per host so the caller can say why the connection
 * failed (the SSH client itself only reports that authentication failed).
 */
public final class KnownHosts implements ServerKeyVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(KnownHosts.class);
    private static final Map<String, String> REFUSALS = new ConcurrentHashMap<>();

    private final Path file;
    private final HostKeyPolicy policy;

    public KnownHosts(Path file, HostKeyPolicy policy) {
        this.file = file;
        this.policy = policy;
    }

    static String hostKey(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    /** Why the last connection to this host was refused, if it was. */
    static Optional<String> refusal(String host, int port) {
        return Optional.ofNullable(REFUSALS.get(hostKey(host, port)));
    }

    static void clearRefusal(String host, int port) {
        REFUSALS.remove(hostKey(host, port));
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
        InetSocketAddress address = (InetSocketAddress) remote;
        String host = hostKey(address.getHostString(), address.getPort());
        String offered = PublicKeyEntry.toString(key);
        if (policy == HostKeyPolicy.SKIP) {
            LOG.warn("host key of {} NOT verified (hostKeyPolicy: skip); offered {}", host, KeyUtils.getFingerPrint(key));
            return true;
        }
        // the common case, a host whose recorded key it offers, needs no lock: many connections check at once
        if (recorded(host).filter(offered::equals).isPresent()) {
            return true;
        }
        synchronized (KnownHosts.class) {
            Optional<String> known = recorded(host);
            if (known.isEmpty()) {
                if (policy == HostKeyPolicy.STRICT) {
                    return refuse(host, "host " + host + " is not in " + file + " (hostKeyPolicy: strict); its key is "
                            + KeyUtils.getFingerPrint(key));
                }
                append(host + " " + offered);
                LOG.info("recorded the host key of {} ({}) in {}", host, KeyUtils.getFingerPrint(key), file);
                return true;
            }
            if (known.get().equals(offered)) {
                return true;
            }
            return refuse(host, "the host key of " + host + " has CHANGED (now " + KeyUtils.getFingerPrint(key)
                    + "); refusing to connect. If the host was rebuilt, remove its line from " + file);
        }
    }

    private boolean refuse(String host, String why) {
        REFUSALS.put(host, why);
        LOG.warn(why);
        return false;
    }

    private Optional<String> recorded(String host) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] parts = line.trim().split("\\s+", 2);
                if (parts.length == 2 && parts[0].equals(host)) {
                    return Optional.of(parts[1].trim());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read known hosts " + file + ": " + e.getMessage(), e);
        }
    }

    private void append(String line) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write known hosts " + file + ": " + e.getMessage(), e);
        }
    }
}
