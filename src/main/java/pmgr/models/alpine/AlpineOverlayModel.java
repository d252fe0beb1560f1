package pmgr.models.alpine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.NoArgs;
import pmgr.model.ResourceSpec;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.SshModelType;
import pmgr.models.ssh.Ssh;
import pmgr.models.ssh.SshConnection;

/**
 * {@code alpine/overlay}: the gold image's overlay - what its lbu tracks (SSH keys, guest agent,
 * configuration) - packaged on the running diskless gold image and put where the PXE-booted VMs
 * fetch it, {@code <tftpPath>/alpine.apkovl.tar.gz} on the TFTP/HTTP server. The file goes from
 * host to host through this application over SCP (no scp program, no key on either host for the
 * other), replaces the served one in one rename, and is checked by its SHA-256 on arrival.
 */
public final class AlpineOverlayModel extends SshModelType<AlpineOverlayModel.Globals> {
    /** The name PXE-booted Alpine asks the HTTP server for (apkovl= on its kernel command line). */
    static final String SERVED_NAME = "alpine.apkovl.tar.gz";

    public record Globals(
            @Arg(description = "How to reach the gold image over SSH (pmgr.lab.ssh.* fill in what is not given)") SshConnection ssh,
            @Arg(description = "How to reach the TFTP/HTTP server over SSH") SshConnection tftp,
            @Arg(description = "The server's folder the PXE-booted VMs fetch the overlay from", defaultValue = "${{ lab.alpine.tftpPath }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String tftpPath,
            @Arg(description = "Folder on the gold image where lbu writes the package (removed after)", defaultValue = "${{ lab.alpine.tmpDir }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String tmpDir,
            @Arg(description = "Longest time one command may take, seconds", defaultValue = "300", min = 10, max = 3600)
            long commandTimeoutSeconds) {
    }

    public AlpineOverlayModel() {
        super("alpine/overlay", "2026.12.03.1",
                "The gold image's Alpine overlay (lbu), deployed to the TFTP/HTTP server PXE-booted VMs load it from",
                Globals.class,
                List.of(new ResourceSpec("overlay", "The deployed overlay: from which VM, where to, its size and SHA-256")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(method("deployApkovl", "Package the gold image's overlay with lbu and put it on the TFTP/HTTP server",
                NoArgs.class, List.of("overlay"), (g, a, ctx) -> deploy(ctx, g)));
    }

    private void deploy(MethodContext ctx, Globals g) {
        Ssh vm = g.ssh().connect(ctx, g.commandTimeoutSeconds()); // no host: the gold image is not running
        if (!g.tftp().hasHost()) {
            throw new IllegalStateException("tftp.host is required: the TFTP/HTTP server's address (pmgr.lab.alpine.tftpHost)");
        }
        Ssh tftp = g.tftp().connect(ctx, g.commandTimeoutSeconds());
        String target = (g.tftpPath().endsWith("/") ? g.tftpPath() : g.tftpPath() + "/") + SERVED_NAME;
        ctx.log("VM: " + g.ssh().host() + ", TFTP: " + g.tftp().host() + ":" + g.tftpPath());
        String hostname = vm.check("hostname").out();
        if (!hostname.matches(AlpineInstallModel.HOSTNAME)) {
            throw new IllegalStateException("the VM at " + g.ssh().host() + " calls itself '" + hostname + "', which is no host name");
        }
        String overlayFile = hostname + ".apkovl.tar.gz";
        String packaged = (g.tmpDir().endsWith("/") ? g.tmpDir() : g.tmpDir() + "/") + overlayFile;
        byte[] overlay;
        try {
            ctx.log("Step 1: packaging the overlay on " + hostname + " (lbu package " + packaged + ")");
            vm.check("lbu package " + Shell.path(packaged));
            ctx.log("Step 2: copying it from the VM");
            overlay = vm.download(packaged);
        } finally {
            vm.run("rm -f " + Shell.path(packaged));
        }
        if (overlay.length < 2 || (overlay[0] & 0xff) != 0x1f || (overlay[1] & 0xff) != 0x8b) {
            throw new IllegalStateException("lbu on " + hostname + " wrote no gzip file to " + packaged + " (" + overlay.length + " bytes)");
        }
        String sha256 = sha256(overlay);
        ctx.log("Got " + overlayFile + " (" + overlay.length + " bytes, sha256 " + sha256 + ")");
        ctx.log("Step 3: copying it to the TFTP server (" + target + ")");
        if (!tftp.run("[ -d " + Shell.path(g.tftpPath()) + " ]").ok()) {
            throw new IllegalStateException("tftpPath " + g.tftpPath() + " is no folder on " + g.tftp().host());
        }
        // beside the served file, then one rename: a VM booting meanwhile gets the old or the new one whole
        tftp.upload(overlay, Shell.temporaryFor(target));
        String arrived = tftp.check(Shell.movingIntoPlace(target) + " && sha256sum "
                + Shell.path(target)).out().split("\\s+")[0];
        if (!arrived.equals(sha256)) {
            throw new IllegalStateException("the overlay on " + g.tftp().host() + " has sha256 " + arrived + ", not the packaged " + sha256);
        }
        ctx.log("Deployment complete: " + g.tftp().host() + ":" + target + " is " + hostname + "'s overlay");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("success", true);
        d.put("vmIp", g.ssh().host());
        d.put("hostname", hostname);
        d.put("overlayFile", overlayFile);
        d.put("tftpHost", g.tftp().host());
        d.put("tftpTarget", target);
        d.put("bytes", overlay.length);
        d.put("sha256", sha256);
        d.put("timestamp", Instant.now().toString());
        ctx.write("overlay", "overlay", d);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
