package pmgr.models.tailscale;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import pmgr.common.Addresses;
import pmgr.common.Json;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.ResourceSpec;
import pmgr.models.alpine.Apk;
import pmgr.models.monitoring.RemoteScript;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.SshModelType;
import pmgr.models.ssh.Ssh;
import pmgr.models.ssh.SshConnection;
import pmgr.models.ssh.SshResult;

/**
 * {@code tailscale/node}: Tailscale on an Alpine VM. {@code install} installs and starts the daemon,
 * joins the tailnet when the node is not on it yet, and records the node's Tailscale IPv4. The auth
 * key never reaches a command line: it is copied over SCP into a 0600 file in a 0700 directory,
 * {@code tailscale up} reads it from there ({@code --auth-key=file:}) and the directory is removed.
 */
public final class TailscaleNodeModel extends SshModelType<TailscaleNodeModel.Globals> {
    /** What mktemp may answer: a path of ours, safe as a word and for SCP. */
    private static final Pattern KEY_DIR = Pattern.compile("/[A-Za-z0-9_./-]+/\\.pmgr-tailscale\\.[A-Za-z0-9]+");

    public record Globals(
            @Arg(description = "How to reach the VM over SSH (pmgr.lab.ssh.* fill in what is not given)") SshConnection ssh,
            @Arg(description = "The VM's /etc (apk's repositories: tailscale is in community)", defaultValue = "${{ lab.monitoring.etcDir }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String etcDir,
            @Arg(description = "Longest wait for tailscale up to reach the Running state, seconds", defaultValue = "60",
                    min = 5, max = 600) long upTimeoutSeconds,
            @Arg(description = "Longest time one method's commands may take, seconds (apk may download)", defaultValue = "300",
                    min = 10, max = 3600) long commandTimeoutSeconds) {

        String repositories() {
            return (etcDir.endsWith("/") ? etcDir : etcDir + "/") + "apk/repositories";
        }
    }

    public record InstallArgs(
            @Arg(description = "Name of the VM: the resource's instance and the node's Tailscale hostname (its MagicDNS label)",
                    pattern = Shell.NAME, patternHint = Shell.NAME_HINT) String vmName,
            @Arg(description = "Tailscale auth key for a non-interactive join (from the vault)", secret = true,
                    pattern = "\\S{8,512}", patternHint = "8-512 characters without spaces") String authKey) {
    }

    public TailscaleNodeModel() {
        super("tailscale/node", "2026.12.03.1", "Tailscale on an Alpine VM: installed, running, on the tailnet",
                Globals.class, List.of(new ResourceSpec("node", "The VM's Tailscale IPv4 and how it joined")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(method("install", "Install Tailscale, start it, join the tailnet if not on it yet, and report the Tailscale IPv4",
                InstallArgs.class, List.of("node"), (g, a, ctx) -> install(ctx, g, a)));
    }

    private void install(MethodContext ctx, Globals g, InstallArgs a) {
        Ssh ssh = g.ssh().connect(ctx, g.commandTimeoutSeconds()); // no host: an error saying the VM is probably stopped
        Duration timeout = Duration.ofSeconds(g.commandTimeoutSeconds());
        ctx.log("Installing Tailscale on " + a.vmName() + " (" + g.ssh().host() + ")");
        RemoteScript daemon = new RemoteScript()
                .step("install tailscale", Apk.installingIfMissing(g.repositories(), "tailscale"))
                .step("enable tailscale at boot", "rc-update add tailscale default || rc-update show default | grep -qw tailscale")
                .step("start tailscaled", "service tailscale status >/dev/null 2>&1 || service tailscale start");
        daemon.run(ctx, ssh, timeout, "installing Tailscale");

        String state = backendState(ssh);
        boolean joinedNow = !state.equals("Running");
        if (joinedNow) {
            ctx.log("Tailscale is " + state + ": joining the tailnet as " + a.vmName());
            join(ssh, g, a);
            ctx.log("Joined the tailnet");
        } else {
            ctx.log("Already on the tailnet: nothing to join (no auth key sent)");
        }
        String ip = ssh.check("tailscale ip -4").out().lines().findFirst().orElse("").trim();
        if (!Addresses.isIpv4(ip)) {
            throw new IllegalStateException("tailscale ip -4 on " + a.vmName() + " gave no IPv4 address: '" + ip + "'");
        }
        ctx.log("Tailscale IP: " + ip);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("vmName", a.vmName());
        d.put("tailscaleIp", ip);
        d.put("joinedNow", joinedNow);
        d.put("timestamp", Instant.now().toString());
        ctx.write("node", a.vmName(), d);
    }

    /** The daemon's BackendState (Running, NeedsLogin, Stopped...), from {@code tailscale status --json}. */
    private static String backendState(Ssh ssh) {
        SshResult r = ssh.run("tailscale status --json");
        try {
            JsonNode status = Json.MAPPER.readTree(r.stdout());
            String state = status.path("BackendState").asText("");
            if (!state.isEmpty()) {
                return state;
            }
        } catch (IOException notJson) {
            // said below
        }
        throw new IllegalStateException("tailscale status --json on " + ssh.target().host() + " gave no BackendState (exit "
                + r.exitCode() + "): " + (r.stderr().isBlank() ? r.stdout() : r.stderr()).trim());
    }

    /** {@code tailscale up} with the key in a private file that is gone afterwards, whatever happened. */
    private static void join(Ssh ssh, Globals g, InstallArgs a) {
        String dir = ssh.check("umask 077 && mktemp -d \"$HOME\"/.pmgr-tailscale.XXXXXXXX").out();
        if (!KEY_DIR.matcher(dir).matches()) {
            throw new IllegalStateException("mktemp on " + ssh.target().host() + " gave an unexpected directory: '" + dir + "'");
        }
        String keyFile = dir + "/authkey";
        try {
            ssh.uploadSecret(a.authKey().getBytes(StandardCharsets.UTF_8), keyFile);
            SshResult up = ssh.run("tailscale up --auth-key=file:" + Shell.quote(keyFile) + " --hostname=" + Shell.quote(a.vmName())
                    + " --timeout=" + g.upTimeoutSeconds() + "s", Duration.ofSeconds(g.upTimeoutSeconds() + 30));
            if (!up.ok()) {
                String err = (up.stderr().isBlank() ? up.stdout() : up.stderr()).trim();
                throw new IllegalStateException("tailscale up on " + a.vmName() + " failed (exit " + up.exitCode() + "): "
                        + err.substring(Math.max(0, err.length() - 500)));
            }
        } finally {
            ssh.run("rm -rf " + Shell.quote(dir));
        }
    }
}
