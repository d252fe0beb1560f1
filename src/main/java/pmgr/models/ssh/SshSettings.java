package pmgr.models.ssh;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import pmgr.engine.MethodContext;

/**
 * The SSH arguments every host-side model takes (host, port, user, key, host-key policy, command
 * bound), turned into an {@link Ssh}. Known hosts live in {@code <data-dir>/ssh/known_hosts}.
 */
public record SshSettings(String host, long port, String user, String key, String keyFile, String hostKeyPolicy,
                          long commandTimeoutSeconds) {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** A stopped VM's IP arrives as null (or, from older wiring, the text "null"): no host. */
    public static boolean isHost(String host) {
        return host != null && !host.isBlank() && !host.equals("null") && !host.equals("undefined");
    }

    public Ssh connect(MethodContext ctx) {
        Ssh.Target target = new Ssh.Target(host, (int) port, user, SshKeys.load(key, keyFile),
                ctx.dataDir().resolve("ssh").resolve("known_hosts"), HostKeyPolicy.parse(hostKeyPolicy),
                CONNECT_TIMEOUT, Duration.ofSeconds(commandTimeoutSeconds));
        return new Ssh(ctx.camel(), target);
    }

    /** The start warning for a definition that switches host-key checks off. */
    public static List<String> warnings(String instance, Map<String, Object> globals) {
        if ("skip".equals(String.valueOf(globals.get("hostKeyPolicy")))) {
            return List.of(instance + ": SSH host keys are NOT verified (hostKeyPolicy: skip); a host could be impersonated");
        }
        return List.of();
    }
}
