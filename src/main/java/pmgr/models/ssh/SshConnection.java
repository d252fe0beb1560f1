package pmgr.models.ssh;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.Nullable;

/**
 * How a host-side model reaches its host: the {@code ssh} component of its global arguments. A
 * definition names the host (usually its VM's IP from the fleet) and whatever differs from the
 * lab's {@code pmgr.lab.ssh.*} settings, which fill in the rest. Connecting, and saying "no host"
 * the same way, happen here. Known hosts live in {@code <data-dir>/ssh/known_hosts}.
 */
public record SshConnection(
        @Nullable @Arg(description = "Host to connect to (from the fleet: null while the VM is stopped)") String host,
        @Arg(description = "SSH port", defaultValue = "${{ lab.ssh.port }}", min = 1, max = 65535) long port,
        @Arg(description = "SSH user", defaultValue = "${{ lab.ssh.user }}") String user,
        @Nullable @Arg(description = "Private key text (from the vault)", secret = true,
                defaultValue = "${{ lab.ssh.keyVaultKey == '' ? null : vault.get(lab.ssh.vault, lab.ssh.keyVaultKey) }}") String key,
        @Nullable @Arg(description = "Private key file (none: ~/.ssh/id_ed25519, id_ecdsa, id_rsa)",
                defaultValue = "${{ lab.ssh.keyFile }}") String keyFile,
        @Arg(description = "Host key check: accept-new, strict or skip", defaultValue = "${{ lab.ssh.hostKeyPolicy }}",
                pattern = "accept-new|strict|skip", patternHint = "accept-new, strict or skip") String hostKeyPolicy) {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** A stopped VM's IP arrives as null (or, from older wiring, the text "null"): no host. */
    public boolean hasHost() {
        return host != null && !host.isBlank() && !host.equals("null") && !host.equals("undefined");
    }

    /** Connects to a host that must be there: no host is an error saying the VM is probably stopped. */
    public Ssh connect(MethodContext ctx, long commandTimeoutSeconds) {
        if (!hasHost()) {
            throw new IllegalStateException("ssh.host is required - is the VM running? (the fleet has no IP for it)");
        }
        Ssh.Target target = new Ssh.Target(host, (int) port, user, SshKeys.load(key, keyFile),
                ctx.dataDir().resolve("ssh").resolve("known_hosts"), HostKeyPolicy.parse(hostKeyPolicy),
                CONNECT_TIMEOUT, Duration.ofSeconds(commandTimeoutSeconds));
        return new Ssh(ctx.template(), target);
    }

    /**
     * A connection when the VM has an address (else empty, with the reason logged); whether it
     * answers shows with the first command ({@link Ssh.Unreachable}), so reaching costs no round trip.
     */
    public Optional<Ssh> whenHost(MethodContext ctx, long commandTimeoutSeconds) {
        if (!hasHost()) {
            ctx.log("No sshHost - the VM is stopped");
            return Optional.empty();
        }
        return Optional.of(connect(ctx, commandTimeoutSeconds));
    }

    /** The start warning for a definition that switches host-key checks off (globals as resolved). */
    public static List<String> warnings(String instance, Map<String, Object> globals) {
        Object ssh = globals.get("ssh");
        if (ssh instanceof Map<?, ?> m && "skip".equals(String.valueOf(m.get("hostKeyPolicy")))) {
            return List.of(instance + ": SSH host keys are NOT verified (ssh.hostKeyPolicy: skip); a host could be impersonated");
        }
        return List.of();
    }
}
