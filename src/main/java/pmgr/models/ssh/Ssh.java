package pmgr.models.ssh;

import java.io.InputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.ssh.SshConstants;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.scp.client.ScpClient;
import org.apache.sshd.scp.client.ScpClientCreator;
import org.apache.sshd.scp.common.helpers.ScpTimestampCommandDetails;
import pmgr.common.Meters;
import pmgr.common.Poll;

/**
 * Commands on a host over SSH: run through camel-ssh with key authentication and the known-hosts
 * check; every command is bounded (on the host with {@code timeout}, and here) and returns its exit
 * status, stdout and stderr. Uploads go over SCP with Apache MINA, the same library.
 */
public final class Ssh {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?|\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Map<String, SshClient> SCP_CLIENTS = new ConcurrentHashMap<>();

    /** Where and how to connect. */
    public record Target(String host, int port, String user, KeyPair key, Path knownHosts, HostKeyPolicy policy,
                         Duration connectTimeout, Duration commandTimeout) {
        public Target {
            if (host == null || !HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("ssh.host must be a host name or IPv4 address, got '" + host + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("ssh.port must be 1-65535, got " + port);
            }
            if (user == null || !USER.matcher(user).matches()) {
                throw new IllegalArgumentException("ssh.user must be a user name (lower-case letters, digits, '_', '-'), got '" + user + "'");
            }
        }

        public String where() {
            return user + "@" + host + ":" + port;
        }
    }

    private final ProducerTemplate template;
    private final Target target;
    private final Endpoint endpoint;
    /** Each command waits on a thread of Camel's pool, so the caller's wait is bounded and cancellable. */
    private final ExecutorService calls;

    public Ssh(ProducerTemplate template, Target target) {
        this.target = target;
        this.template = template;
        CamelContext camel = template.getCamelContext();
        this.calls = shared(camel, "pmgr.ssh.calls", () -> camel.getExecutorServiceManager().newCachedThreadPool(Ssh.class, "pmgr-ssh"));
        String keyBean = bind(camel, "pmgr.ssh.key." + fingerprint(target.key()), () -> KeyPairProvider.wrap(target.key()));
        String clientBean = bind(camel, "pmgr.ssh.client." + target.policy() + "." + Integer.toHexString(target.knownHosts().hashCode()),
                () -> SshClients.builder(target.knownHosts(), target.policy()));
        this.endpoint = camel.getEndpoint("ssh:" + target.host() + ":" + target.port() + "?username=" + target.user()
                + "&keyPairProvider=#" + keyBean + "&clientBuilder=#" + clientBean
                + "&timeout=" + target.connectTimeout().toMillis());
    }

    /** A bean shared by every connection of this Camel context, made by the first one. */
    @SuppressWarnings("unchecked")
    private static <T> T shared(CamelContext camel, String name, java.util.function.Supplier<T> bean) {
        synchronized (Ssh.class) {
            Object existing = camel.getRegistry().lookupByName(name);
            if (existing == null) {
                existing = bean.get();
                camel.getRegistry().bind(name, existing);
            }
            return (T) existing;
        }
    }

    private static String bind(CamelContext camel, String name, java.util.function.Supplier<Object> bean) {
        shared(camel, name, bean);
        return name;
    }

    private static String fingerprint(KeyPair key) {
        return Integer.toHexString(Base64.getEncoder().encodeToString(key.getPublic().getEncoded()).hashCode());
    }

    public Target target() {
        return target;
    }

    /** Runs a command (bounded by the target's command timeout). Never throws for a non-zero exit. */
    public SshResult run(String command) {
        return run(command, target.commandTimeout());
    }

    public SshResult run(String command, Duration timeout) {
        try {
            SshResult r = call(command, timeout);
            Meters.count("pmgr.ssh.commands", "host", target.host(), "outcome", r.exitCode() == 0 ? "ok" : "exit " + r.exitCode());
            return r;
        } catch (SshException e) {
            Meters.count("pmgr.ssh.commands", "host", target.host(), "outcome", "failed");
            throw e;
        }
    }

    private SshResult call(String command, Duration timeout) {
        long seconds = Math.max(1, timeout.toSeconds());
        // bounded on the host too, so nothing keeps running there after we gave up
        String bounded = "timeout -k 5 " + seconds + " sh -c " + Shell.quote(command);
        KnownHosts.clearRefusal(target.host(), target.port());
        Future<Exchange> call = calls.submit(() -> template.send(endpoint, e -> e.getMessage().setBody(bounded)));
        Exchange ex;
        try {
            ex = call.get(timeout.toMillis() + target.connectTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new SshException("command on " + target.where() + " did not finish within " + seconds + "s: " + shorten(command));
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new SshException("interrupted while running a command on " + target.where());
        } catch (ExecutionException e) {
            throw new Unreachable("SSH to " + target.where() + " failed: " + e.getCause().getMessage());
        }
        if (ex.getException() != null) {
            String problem = connectionProblem(ex.getException());
            throw KnownHosts.refusal(target.host(), target.port()).isPresent() ? new SshException(problem) : new Unreachable(problem);
        }
        int exit = ex.getMessage().getHeader(SshConstants.EXIT_VALUE, 255, Integer.class);
        String stdout = text(ex.getMessage().getBody());
        String stderr = text(ex.getMessage().getHeader(SshConstants.STDERR));
        if (exit == 124) {
            throw new SshException("command on " + target.where() + " was stopped after " + seconds + "s (its time limit): "
                    + shorten(command));
        }
        return new SshResult(exit, stdout, stderr);
    }

    /** Runs a command that must succeed: a non-zero exit is an error with the end of its stderr. */
    public SshResult check(String command) {
        return check(command, target.commandTimeout());
    }

    /** {@link #check(String)} with its own time limit. */
    public SshResult check(String command, Duration timeout) {
        SshResult r = run(command, timeout);
        if (!r.ok()) {
            String err = r.stderr().isBlank() ? r.stdout() : r.stderr();
            throw new SshException("command failed on " + target.where() + " (exit " + r.exitCode() + "): "
                    + err.substring(Math.max(0, err.length() - 500)).trim());
        }
        return r;
    }

    /** Waits (bounded) until the host accepts SSH; the error says what it waited for. */
    public void waitForConnection(Duration wait, Duration poll) throws InterruptedException {
        StringBuilder last = new StringBuilder();
        Optional<Boolean> ready = Poll.within(wait, poll).until(() -> {
            try {
                return run("echo ready", Duration.ofSeconds(10)).out().equals("ready") ? Optional.of(true) : Optional.empty();
            } catch (SshException e) {
                if (e.getMessage().contains("CHANGED") || e.getMessage().contains("not in")) {
                    throw e; // a refused host key does not get better by waiting
                }
                last.setLength(0);
                last.append(e.getMessage());
                return Optional.empty();
            }
        });
        if (ready.isEmpty()) {
            throw new SshException("SSH not reachable on " + target.where() + " after " + wait.toSeconds() + "s"
                    + (last.length() == 0 ? "" : " (last error: " + last + ")"));
        }
    }

    /** Copies bytes to a file on the host over SCP ({@code ~/x} is x in the login's home). */
    public void upload(byte[] content, String remotePath) {
        uploadAll(java.util.List.of(Upload.bytes(content, remotePath, false)));
    }

    /**
     * Copies a secret to a file only the login may read (0600) over SCP: it travels inside the SSH
     * connection, never on a command line. SCP sets the mode as it creates the file; still, put it
     * in a directory only the login may enter (0700). The caller removes it after use.
     */
    public void uploadSecret(byte[] content, String remotePath) {
        uploadAll(java.util.List.of(Upload.bytes(content, remotePath, true)));
    }

    /** Copies a file from the host over SCP into memory (for files of a few MB such as an overlay). */
    public byte[] download(String remotePath) {
        byte[][] content = new byte[1][];
        scp(remotePath, "download of ", (scp, path) -> content[0] = scp.downloadBytes(path));
        return content[0];
    }

    /** Copies a local file to the host over SCP. */
    public void upload(Path local, String remotePath) {
        scp(remotePath, local + " -> ", (scp, path) -> scp.upload(local, path));
    }

    /** One file for {@link #uploadAll}: bytes or a local file; owner-only files (secrets) are sent 0600. */
    public record Upload(String remotePath, Path local, byte[] content, boolean ownerOnly) {
        public static Upload file(Path local, String remotePath, boolean ownerOnly) {
            return new Upload(remotePath, local, null, ownerOnly);
        }

        public static Upload bytes(byte[] content, String remotePath, boolean ownerOnly) {
            return new Upload(remotePath, null, content, ownerOnly);
        }
    }

    private static final java.util.Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final java.util.Set<PosixFilePermission> READABLE = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    /**
     * Copies files to the host over SCP in one SSH session (their folders must exist). Every path is
     * checked before anything is sent; an owner-only file is created 0600, so a secret never has a
     * readable moment on the host and never travels on a command line.
     */
    public void uploadAll(java.util.List<Upload> files) {
        files.forEach(f -> Shell.checkPath(f.remotePath(), "remote path"));
        String current = "";
        try (ClientSession session = session()) {
            ScpClient scp = ScpClientCreator.instance().createScpClient(session);
            for (Upload f : files) {
                current = f.remotePath();
                String path = f.remotePath().startsWith("~/") ? f.remotePath().substring(2) : f.remotePath();
                var perms = f.ownerOnly() ? OWNER_ONLY : READABLE;
                if (f.content() != null) {
                    scp.upload(f.content(), path, perms, (ScpTimestampCommandDetails) null);
                } else {
                    try (InputStream in = java.nio.file.Files.newInputStream(f.local())) {
                        scp.upload(in, path, java.nio.file.Files.size(f.local()), perms, (ScpTimestampCommandDetails) null);
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new SshException(connectionProblem(e).replace("SSH to", "upload to") + " (" + current + ")");
        }
    }

    @FunctionalInterface
    private interface ScpTransfer {
        void run(ScpClient scp, String remotePath) throws java.io.IOException;
    }

    private void scp(String remotePath, String what, ScpTransfer transfer) {
        Shell.checkPath(remotePath, "remote path");
        String path = remotePath.startsWith("~/") ? remotePath.substring(2) : remotePath;
        try (ClientSession session = session()) {
            transfer.run(ScpClientCreator.instance().createScpClient(session), path);
        } catch (java.io.IOException e) {
            String action = what.startsWith("download") ? "download from" : "upload to";
            throw new SshException(connectionProblem(e).replace("SSH to", action) + " (" + what + remotePath + ")");
        }
    }

    private ClientSession session() throws java.io.IOException {
        SshClient client = SCP_CLIENTS.computeIfAbsent(target.policy() + "|" + target.knownHosts(), k -> {
            SshClient c = SshClients.builder(target.knownHosts(), target.policy()).build();
            c.start();
            return c;
        });
        KnownHosts.clearRefusal(target.host(), target.port());
        ClientSession session = client.connect(target.user(), target.host(), target.port())
                .verify(target.connectTimeout()).getSession();
        session.addPublicKeyIdentity(target.key());
        session.auth().verify(target.connectTimeout());
        return session;
    }

    /** A failed connection explained: a refused host key, a refused login, or the network. */
    private String connectionProblem(Throwable e) {
        var refusal = KnownHosts.refusal(target.host(), target.port());
        if (refusal.isPresent()) {
            return refusal.get();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof ConnectException) {
                break;
            }
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "SSH to " + target.where() + " failed: " + message;
    }

    private static String text(Object body) {
        if (body == null) {
            return "";
        }
        if (body instanceof InputStream in) {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return "";
            }
        }
        if (body instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return body.toString();
    }

    private static String shorten(String command) {
        return command.length() > 120 ? command.substring(0, 117) + "..." : command;
    }

    /** An SSH connection or command problem, with what went wrong. */
    public static class SshException extends RuntimeException {
        public SshException(String message) {
            super(message);
        }
    }

    /**
     * The host could not be reached or would not let us in (not a refused host key: that is an
     * error of its own, never mistaken for a stopped server).
     */
    public static final class Unreachable extends SshException {
        Unreachable(String message) {
            super(message);
        }
    }
}
