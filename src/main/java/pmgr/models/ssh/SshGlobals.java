package pmgr.models.ssh;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pmgr.engine.MethodContext;

/**
 * The SSH arguments every host-side model's global arguments carry (its record implements this by
 * having these components). Connecting, and saying "no host" the same way, happen here.
 * Known hosts live in {@code <data-dir>/ssh/known_hosts}.
 */
public interface SshGlobals {
    Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    String sshHost();

    long sshPort();

    String sshUser();

    String sshKey();

    String sshKeyFile();

    String hostKeyPolicy();

    /** A stopped VM's IP arrives as null (or, from older wiring, the text "null"): no host. */
    default boolean hasHost() {
        String h = sshHost();
        return h != null && !h.isBlank() && !h.equals("null") && !h.equals("undefined");
    }

    /** Connects to a host that must be there: no host is an error saying the VM is probably stopped. */
    default Ssh connect(MethodContext ctx, long commandTimeoutSeconds) {
        if (!hasHost()) {
            throw new IllegalStateException("sshHost is required - is the VM running? (the fleet has no IP for it)");
        }
        Ssh.Target target = new Ssh.Target(sshHost(), (int) sshPort(), sshUser(), SshKeys.load(sshKey(), sshKeyFile()),
                ctx.dataDir().resolve("ssh").resolve("known_hosts"), HostKeyPolicy.parse(hostKeyPolicy()),
                CONNECT_TIMEOUT, Duration.ofSeconds(commandTimeoutSeconds));
        return new Ssh(ctx.camel(), target);
    }

    /** A connection when the VM has an address and answers SSH; empty, with the reason logged, when not. */
    default Optional<Ssh> reach(MethodContext ctx, long commandTimeoutSeconds) {
        if (!hasHost()) {
            ctx.log("No sshHost - the VM is stopped");
            return Optional.empty();
        }
        Ssh ssh = connect(ctx, commandTimeoutSeconds);
        if (!ssh.reachable()) {
            ctx.log("SSH unreachable at " + sshHost());
            return Optional.empty();
        }
        return Optional.of(ssh);
    }

    /** The start warning for a definition that switches host-key checks off. */
    static List<String> warnings(String instance, Map<String, Object> globals) {
        if ("skip".equals(String.valueOf(globals.get("hostKeyPolicy")))) {
            return List.of(instance + ": SSH host keys are NOT verified (hostKeyPolicy: skip); a host could be impersonated");
        }
        return List.of();
    }
}
