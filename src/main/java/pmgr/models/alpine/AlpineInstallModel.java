package pmgr.models.alpine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.ResourceSpec;
import pmgr.models.monitoring.RemoteScript;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.SshModelType;
import pmgr.models.ssh.Ssh;
import pmgr.models.ssh.SshConnection;

/**
 * {@code alpine/install}: installs Alpine on the disk of a VM that PXE-booted the diskless Alpine
 * (create-stateful-vm). The booted VM answers SSH a little after its agent reports an IP, and its
 * PXE kernel loads the disk driver only when asked, so the install first waits for both (bounded).
 * The root password travels only as a 0600 file over SCP, read by chpasswd on stdin - in the live
 * system and in the installed one - and is removed afterwards: it is on no command line, in no log
 * and in no stored resource.
 */
public final class AlpineInstallModel extends SshModelType<AlpineInstallModel.Globals> {
    static final String HOSTNAME = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    static final String HOSTNAME_HINT = "a host name: letters, digits and '-' (at most 63, not starting or ending with '-')";
    private static final String IPV4 = "\\d{1,3}(\\.\\d{1,3}){3}";
    private static final String URL = "https?://[A-Za-z0-9.-]+(:\\d+)?(/[A-Za-z0-9._~-]*)*";
    private static final Duration FIRST_LOOK = Duration.ofMillis(200);
    private static final String PASSWORD_FILE = "root-password";
    private static final String ANSWER_FILE = "setup-alpine.conf";

    public record Globals(
            @Arg(description = "How to reach the PXE-booted VM over SSH (pmgr.lab.ssh.* fill in what is not given)") SshConnection ssh,
            @Arg(description = "Root password of the installed system (from the vault)", secret = true) String rootPassword,
            @Arg(description = "Name servers of the installed system, space-separated", defaultValue = "${{ lab.alpine.dnsServers }}",
                    pattern = IPV4 + "( " + IPV4 + ")*", patternHint = "IPv4 addresses separated by single spaces") String dnsServers,
            @Arg(description = "Package repositories of the installed system, space-separated URLs",
                    defaultValue = "${{ lab.alpine.repositories }}", pattern = URL + "( " + URL + ")*",
                    patternHint = "http(s) URLs separated by single spaces") String repositories,
            @Arg(description = "The VM's device folder", defaultValue = "${{ lab.alpine.deviceDir }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String deviceDir,
            @Arg(description = "How the disk is recognised in the device folder: -b (a block device) or -e (the sandbox's folders)",
                    defaultValue = "${{ lab.alpine.deviceTest }}", pattern = "-b|-e", patternHint = "-b or -e") String deviceTest,
            @Arg(description = "Where the installed system is mounted for the post-install steps", defaultValue = "${{ lab.alpine.mountDir }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String mountDir,
            @Arg(description = "Folder on the VM for the installer's private files (removed after)", defaultValue = "${{ lab.alpine.tmpDir }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String tmpDir,
            @Arg(description = "Longest wait for the VM's SSH, seconds", defaultValue = "${{ lab.alpine.sshWaitSeconds }}",
                    min = 1, max = 3600) long sshWaitSeconds,
            @Arg(description = "Longest wait for the disk to show, seconds", defaultValue = "${{ lab.alpine.diskWaitSeconds }}",
                    min = 1, max = 3600) long diskWaitSeconds,
            @Arg(description = "Longest time setup-alpine and the post-install steps may take, seconds (they download packages)",
                    defaultValue = "900", min = 10, max = 7200) long commandTimeoutSeconds) {

        String mount(String sub) {
            return (mountDir.endsWith("/") ? mountDir : mountDir + "/") + sub;
        }
    }

    public record InstallArgs(
            @Arg(description = "Host name of the installed system", pattern = HOSTNAME, patternHint = HOSTNAME_HINT) String hostname,
            @Arg(description = "The disk to install to (it is erased)", defaultValue = "${{ lab.alpine.disk }}",
                    pattern = AlpineDisk.PATTERN, patternHint = AlpineDisk.HINT) String disk) {
    }

    public AlpineInstallModel() {
        super("alpine/install", "2026.12.03.1",
                "Alpine installed to disk on a PXE-booted VM (setup-alpine, then the post-install chroot steps)",
                Globals.class,
                List.of(new ResourceSpec("result", "An installed system: hostname, disk, when")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(method("install", "Install Alpine to the VM's disk: wait for SSH and the disk, set the root password, "
                + "run setup-alpine, then copy SSH keys, set repositories and install the guest agent in the new system",
                InstallArgs.class, List.of("result"), (g, a, ctx) -> install(ctx, g, a)));
    }

    private void install(MethodContext ctx, Globals g, InstallArgs a) throws InterruptedException {
        AlpineDisk disk = AlpineDisk.of(a.disk(), g.deviceDir());
        Ssh ssh = g.ssh().connect(ctx, g.commandTimeoutSeconds());
        String host = g.ssh().host();
        ctx.log("Installing Alpine to " + a.disk() + " on " + host + " (hostname: " + a.hostname() + ")");
        ctx.log("Waiting for SSH on " + host + " (up to " + g.sshWaitSeconds() + "s)");
        ssh.waitForConnection(Duration.ofSeconds(g.sshWaitSeconds()), Duration.ofMillis(500));
        ctx.log("Loading the SCSI modules and waiting for " + a.disk() + " (up to " + g.diskWaitSeconds() + "s)");
        int waits = waitForDisk(ssh, g, disk, a.disk());
        ctx.log("Disk " + a.disk() + " is ready" + (waits == 0 ? "" : " (it showed after " + waits + " more looks)"));
        String work = privateFolder(ssh, g);
        boolean mounted = false;
        try {
            ctx.log("Step 1: setting the root password (a 0600 file read by chpasswd, never on a command line)");
            ssh.uploadSecret(("root:" + g.rootPassword() + "\n").getBytes(StandardCharsets.UTF_8), work + "/" + PASSWORD_FILE);
            ssh.check("chpasswd < " + Shell.path(work + "/" + PASSWORD_FILE));
            ctx.log("Root password set");
            ctx.log("Step 2: writing the setup-alpine answer file");
            ssh.upload(AnswerFile.text(a.hostname(), g.dnsServers(), disk).getBytes(StandardCharsets.UTF_8), work + "/" + ANSWER_FILE);
            ctx.log("Step 3: running setup-alpine (this may take a while)");
            ssh.check("ERASE_DISKS=" + disk.word() + " setup-alpine -e -f " + Shell.path(work + "/" + ANSWER_FILE));
            ctx.log("Alpine installed to " + a.disk());
            ctx.log("Step 4: post-install setup in the new system (SSH keys, repositories, guest agent, root password)");
            mounted = true;
            List<String> done = postInstall(g, disk, work).run(ssh, Duration.ofSeconds(g.commandTimeoutSeconds()), "the post-install setup");
            mounted = false;
            done.forEach(l -> ctx.log("ok - " + l.substring(l.indexOf(' ') + 1)));
            ctx.log("Alpine installation complete on " + host);
        } finally {
            cleanUp(ctx, ssh, g, work, mounted);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("success", true);
        d.put("hostname", a.hostname());
        d.put("disk", a.disk());
        d.put("host", host);
        d.put("timestamp", Instant.now().toString());
        ctx.write("result", a.hostname(), d);
    }

    /**
     * One SSH round trip: loads the disk drivers (built in on some kernels: modprobe may fail), then
     * looks for the disk (running mdev each time, so a late disk gets its device node) at growing
     * gaps up to the longest wait. Returns how many looks came before the disk showed.
     */
    private static int waitForDisk(Ssh ssh, Globals g, AlpineDisk disk, String shown) {
        Duration total = Duration.ofSeconds(g.diskWaitSeconds());
        String look = "{ mdev -s 2>/dev/null; [ " + g.deviceTest() + " " + disk.word() + " ]; }";
        String script = "modprobe virtio_scsi 2>/dev/null; modprobe sd_mod 2>/dev/null; looks=0; "
                + "for gap in " + Shell.backoffGaps(FIRST_LOOK, total) + "; do if " + look + "; then echo looks=$looks; exit 0; fi; "
                + "looks=$((looks + 1)); sleep $gap; done; if " + look + "; then echo looks=$looks; exit 0; fi; "
                + "echo " + Shell.quote(shown + " not found after " + total.toSeconds() + "s (virtio_scsi and sd_mod were loaded;"
                + " is a disk attached to the VM?)") + " >&2; exit 1";
        String out = ssh.check(script, total.plusSeconds(30)).out();
        return out.startsWith("looks=") ? Integer.parseInt(out.substring("looks=".length()).trim()) : 0;
    }

    /** A new folder only the login's user may enter (mktemp -d: 0700), for the password and answer files. */
    private static String privateFolder(Ssh ssh, Globals g) {
        String made = ssh.check("mktemp -d -p " + Shell.path(g.tmpDir()) + " pmgr-install.XXXXXX").out();
        return Shell.checkPath(made, "the folder mktemp made");
    }

    private static RemoteScript postInstall(Globals g, AlpineDisk disk, String work) {
        String mnt = Shell.path(g.mountDir());
        String keys = Shell.path(g.mount("root/.ssh"));
        String repositories = Arrays.stream(g.repositories().split(" ")).map(Shell::quote).collect(Collectors.joining(" "));
        return new RemoteScript()
                .step("mount " + disk.partition(3) + " on " + g.mountDir(), "mkdir -p " + mnt + " && mount " + disk.partitionWord(3) + " " + mnt)
                .step("mount " + disk.partition(1) + " on " + g.mount("boot"), "mount " + disk.partitionWord(1) + " " + Shell.path(g.mount("boot")))
                .step("copy root's SSH keys", "mkdir -p " + keys + " && cp " + Shell.path("~/.ssh/authorized_keys") + " "
                        + Shell.path(g.mount("root/.ssh/authorized_keys")) + " && chmod 700 " + keys + " && chmod 600 "
                        + Shell.path(g.mount("root/.ssh/authorized_keys")))
                .step("set the package repositories", "printf '%s\\n' " + repositories + " > " + Shell.path(g.mount("etc/apk/repositories")))
                .step("mount proc, sys and dev", "mount -t proc proc " + Shell.path(g.mount("proc")) + " && mount -t sysfs sys "
                        + Shell.path(g.mount("sys")) + " && mount -o bind " + Shell.path(g.deviceDir()) + " " + Shell.path(g.mount("dev")))
                .step("apk update", "chroot " + mnt + " apk update")
                .step("install qemu-guest-agent", "chroot " + mnt + " apk add qemu-guest-agent")
                .step("enable qemu-guest-agent at boot", "chroot " + mnt + " rc-update add qemu-guest-agent default")
                .step("set the root password of the new system", "chroot " + mnt + " chpasswd < " + Shell.path(work + "/" + PASSWORD_FILE))
                .step("unmount the new system", unmount(g, " && "));
    }

    private static String unmount(Globals g, String joiner) {
        return List.of("dev", "sys", "proc", "boot").stream().map(m -> "umount " + Shell.path(g.mount(m)))
                .collect(Collectors.joining(joiner)) + joiner + "umount " + Shell.path(g.mountDir());
    }

    /** Removes the private folder (the password with it); after a failed post-install, unmounts what is left. */
    private static void cleanUp(MethodContext ctx, Ssh ssh, Globals g, String work, boolean mounted) {
        try {
            String unmount = mounted ? unmount(g, " 2>/dev/null; ") + " 2>/dev/null; " : "";
            var r = ssh.run(unmount + "rm -rf " + Shell.quote(work), Duration.ofSeconds(30));
            if (!r.ok()) {
                ctx.log("Warning: could not remove " + work + " on the VM: " + r.stderr().trim());
            }
        } catch (Ssh.SshException e) {
            ctx.log("Warning: could not remove " + work + " on the VM: " + e.getMessage());
        }
    }
}
