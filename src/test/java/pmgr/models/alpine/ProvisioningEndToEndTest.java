package pmgr.models.alpine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import pmgr.common.Json;
import pmgr.sandbox.SandboxLab;
import pmgr.sandbox.games.GameHost;
import pmgr.store.RunRecord;
import pmgr.testing.Lab;

/**
 * Provisioning end to end in the sandbox: a VM created through the API PXE-boots the diskless
 * Alpine (its disk shows a while after its agent reports the IP), alpine/install puts Alpine on its
 * disk over real SSH through the sandbox's stand-ins, and after the boot order flip it boots the
 * installed system; the gold image's overlay reaches the TFTP server as a real tar.gz. The root
 * password must be in no command line, resource, run record or file.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisioningEndToEndTest {
    static final String VM = "stateful";

    @TempDir
    static Path dir;
    static Lab lab;

    @BeforeAll
    static void start() {
        lab = Lab.start(dir, SandboxLab.Options.fast().withGameHosts(true));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    static RunRecord succeeded(RunRecord r) {
        assertThat(r.status()).as(r.target() + ": " + r.error() + "\n" + lines(r)).isEqualTo("SUCCEEDED");
        return r;
    }

    static RunRecord failed(RunRecord r) {
        assertThat(r.status()).as(r.target() + ": " + lines(r)).isEqualTo("FAILED");
        return r;
    }

    static String lines(RunRecord r) {
        return String.join("\n", r.logs().stream().map(RunRecord.LogLine::line).toList());
    }

    static Map<String, Object> data(String instance, String spec, String name) {
        return lab.engine.store().latest(instance, spec, name).orElseThrow().attributes();
    }

    static String ssh(String vm, String command) {
        RunRecord r = succeeded(lab.method("testVmSsh", "exec", Map.of("vmName", vm, "command", command)));
        return data("testVmSsh", "result", "result").get("stdout").toString().trim();
    }

    static Map<String, Object> statefulInputs(String name) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("vmName", name);
        in.put("memory", 1024);
        in.put("cores", 1);
        in.put("diskSize", 8);
        in.put("waitSeconds", 20);
        return in;
    }

    @Test
    @Order(1)
    void badInputsAreRefusedWithTheRuleAndNothingRuns() throws IOException {
        Map<String, Object> badName = statefulInputs("a;b");
        assertThat(catchThrowable(() -> lab.engine.runner().start("create-stateful-vm", badName, "test")))
                .hasMessageContaining("input 'vmName' must match");
        Map<String, Object> noDisk = statefulInputs("nodisk");
        noDisk.put("diskSize", 0);
        RunRecord r = failed(lab.run("create-stateful-vm", noDisk));
        assertThat(r.error()).contains("input 'diskSize' must be at least 1");
        assertThat(lab.sandbox.proxmox().vms()).noneMatch(v -> v.name().equals("nodisk"));

        succeeded(lab.run("start-vm", Map.of("vmName", "slate")));
        int commandsNow = lab.sandbox.allCommandLines().size();
        assertThat(catchThrowable(() -> lab.engine.runner().startMethod("alpineInstaller", "install",
                Map.of("vmName", "slate", "hostname", "a;b"), "test")))
                .hasMessageContaining("argument 'hostname' must be a host name").hasMessageContaining("got 'a;b'");
        assertThat(catchThrowable(() -> lab.engine.runner().startMethod("alpineInstaller", "install",
                Map.of("vmName", "slate", "hostname", "slate", "disk", "/dev/../x"), "test")))
                .hasMessageContaining("argument 'disk' must be a whole disk such as /dev/sda").hasMessageContaining("got '/dev/../x'");
        assertThat(lab.sandbox.allCommandLines()).as("nothing ran on any VM").hasSize(commandsNow);

        String bootBefore = lab.sandbox.proxmox().vm(100).orElseThrow().config().get("boot");
        RunRecord badOrder = failed(lab.method("fleet", "setBootOrder", Map.of("vmName", "slate", "boot", "order=scsi7;net0")));
        assertThat(badOrder.error()).contains("names scsi7, which VM \"slate\" (vmid 100) does not have (its devices: net0, scsi0)");
        RunRecord twice = failed(lab.method("fleet", "setBootOrder", Map.of("vmName", "slate", "boot", "order=net0;net0")));
        assertThat(twice.error()).contains("names net0 twice");
        assertThat(lab.sandbox.proxmox().vm(100).orElseThrow().config().get("boot")).isEqualTo(bootBefore);
        assertThat(lab.sandbox.proxmox().vm(100).orElseThrow().pending()).doesNotContainKey("boot");
    }

    @Test
    @Order(2)
    void createStatefulVmInstallsAlpineAndBootsTheInstalledSystem() throws Exception {
        RunRecord r = succeeded(lab.run("create-stateful-vm", statefulInputs(VM)));
        assertThat(r.steps()).extracting(RunRecord.StepRecord::stepId)
                .containsExactly("create-vm", "start-vm", "install-alpine", "set-boot-order", "stop-vm", "start-from-disk");
        assertThat(r.steps()).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo("SUCCEEDED");
            assertThat(s.startedAt()).isNotNull();
            assertThat(s.finishedAt()).isAfterOrEqualTo(s.startedAt());
        });
        // the disk showed only after the agent's IP: the install waited for it
        assertThat(lines(r)).containsPattern("Disk /dev/sda is ready \\(it showed after [1-9]\\d* more looks\\)");

        Map<String, Object> vm = data("fleet", "vm", VM);
        assertThat(vm.get("ip").toString()).startsWith("127.0.1.");
        var snapshot = lab.sandbox.proxmox().vms().stream().filter(v -> v.name().equals(VM)).findFirst().orElseThrow();
        assertThat(snapshot.running()).isTrue();
        assertThat(snapshot.config()).containsEntry("boot", "order=scsi0;net0");
        assertThat(snapshot.pending()).isEmpty();

        // what runs now is the installed system: its root is the disk's partition 3
        Path disk = lab.sandbox.disk(VM, "scsi0");
        Path installed = disk.resolve("3").toRealPath();
        lab.sandbox.settle();
        GameHost host = lab.sandbox.host(VM);
        assertThat(host.root()).isEqualTo(installed);
        // SSH gets in with the key the post-install copied to the new system's /root/.ssh
        assertThat(ssh(VM, "hostname")).isEqualTo(VM);
        assertThat(Files.readString(installed.resolve("root/.ssh/authorized_keys"))).startsWith("ssh-ed25519 ");
        assertThat(Files.readAllLines(installed.resolve("etc/apk/world"))).contains("qemu-guest-agent", "openssh", "chrony");
        assertThat(installed.resolve("etc/runlevels/default/qemu-guest-agent")).exists();
        assertThat(Files.readAllLines(installed.resolve("etc/apk/repositories"))).containsExactly(
                "https://dl-cdn.alpinelinux.org/alpine/latest-stable/main",
                "https://dl-cdn.alpinelinux.org/alpine/latest-stable/community");
        assertThat(Files.readString(installed.resolve("etc/resolv.conf")))
                .contains("nameserver 10.0.0.162", "nameserver 10.0.0.137", "nameserver 10.0.0.1");
        assertThat(disk.resolve("1/vmlinuz-lts")).exists();
        // everything was unmounted: the mount points are plain folders again
        for (String mountPoint : List.of("boot", "proc", "sys", "dev")) {
            assertThat(Files.isSymbolicLink(installed.resolve(mountPoint))).as(mountPoint + " still mounted").isFalse();
        }
        // the root password set in the chroot: a salted hash of the vault's password
        String root = Files.readAllLines(installed.resolve("etc/shadow")).stream().filter(l -> l.startsWith("root:")).findFirst().orElseThrow();
        String[] hash = root.split(":")[1].split("\\$");
        assertThat(hash[1]).isEqualTo("sandbox-sha512");
        assertThat(hash[3]).isEqualTo(sha512(hash[2] + lab.sandbox.alpineRootPassword()));
        // setup-alpine was asked for the disk, with the erase confirmed, and the answers it needs
        String asked = Files.readString(disk.resolve("install.log"));
        assertThat(asked).contains("hostname: " + VM, "DISKOPTS=\"-m sys $HOME/dev/sda\"", "HOSTNAMEOPTS=\"-n " + VM + "\"",
                "DNSOPTS=\"-d local 10.0.0.162 10.0.0.137 10.0.0.1\"");
        assertThat(asked).containsPattern("erase-disks: /\\S+/dev/sda");
        assertThat(data("alpineInstaller", "result", VM)).containsEntry("success", true).containsEntry("disk", "/dev/sda")
                .containsEntry("hostname", VM);
        // the private folder with the password file is gone
        try (Stream<Path> left = Files.walk(lab.sandbox.hostRoot(VM))) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("pmgr-install."))).isEmpty();
        }
    }

    @Test
    @Order(3)
    void aVmLeftPxeFirstBootsDisklessAgainAndItsDiskKeepsTheInstall() throws Exception {
        succeeded(lab.method("fleet", "setBootOrder", Map.of("vmName", VM, "boot", "order=net0;scsi0")));
        succeeded(lab.method("fleet", "stop", Map.of("vmName", VM)));
        succeeded(lab.method("fleet", "start", Map.of("vmName", VM, "waitSeconds", 20)));
        lab.sandbox.settle();
        assertThat(lab.sandbox.host(VM).root()).isEqualTo(lab.sandbox.hostRoot(VM).toRealPath());
        assertThat(ssh(VM, "hostname")).isEqualTo("localhost");
        ssh(VM, "echo in-ram > ~/tmp/marker");
        succeeded(lab.method("fleet", "stop", Map.of("vmName", VM)));
        succeeded(lab.method("fleet", "start", Map.of("vmName", VM, "waitSeconds", 20)));
        assertThat(ssh(VM, "if [ -e ~/tmp/marker ]; then echo kept; else echo gone; fi")).isEqualTo("gone");
        assertThat(Files.readString(lab.sandbox.disk(VM, "scsi0").resolve("3/etc/hostname")).trim()).isEqualTo(VM);

        // a disk-first VM whose disk is empty boots no OS; with the network after it, it PXE-boots
        succeeded(lab.method("fleet", "create", Map.of("vmName", "blank", "diskSize", 1)));
        succeeded(lab.method("fleet", "setBootOrder", Map.of("vmName", "blank", "boot", "order=scsi0")));
        RunRecord noOs = failed(lab.method("fleet", "start", Map.of("vmName", "blank", "waitSeconds", 2)));
        assertThat(noOs.error()).contains("gave no usable IPv4 within 2s");
        lab.sandbox.settle();
        assertThat(lab.sandbox.host("blank")).isNull();
        succeeded(lab.method("fleet", "setBootOrder", Map.of("vmName", "blank", "boot", "order=scsi0;net0")));
        succeeded(lab.method("fleet", "stop", Map.of("vmName", "blank")));
        succeeded(lab.method("fleet", "start", Map.of("vmName", "blank", "waitSeconds", 20)));
        assertThat(ssh("blank", "hostname")).isEqualTo("localhost");
        long vmid = ((Number) data("fleet", "vm", "blank").get("vmid")).longValue();
        succeeded(lab.run("delete-vm", Map.of("vmName", "blank", "vmid", vmid)));
    }

    @Test
    @Order(4)
    void startGoldImageIsIdempotent() {
        succeeded(lab.run("start-gold-image", Map.of()));
        RunRecord again = succeeded(lab.run("start-gold-image", Map.of()));
        assertThat(lines(again)).contains("VM is already running");
        assertThat(data("fleet", "vm", "gold-image")).containsEntry("wasStarted", false).containsEntry("ip", "127.0.0.6");
    }

    @Test
    @Order(5)
    void deployApkovlPutsTheGoldImagesOverlayOnTheTftpServer() throws Exception {
        RunRecord r = succeeded(lab.run("deploy-apkovl", Map.of()));
        assertThat(r.steps()).extracting(RunRecord.StepRecord::stepId).containsExactly("ensure-running", "deploy");
        Path served = lab.sandbox.tftpHttpDir().resolve("alpine.apkovl.tar.gz");
        byte[] overlay = Files.readAllBytes(served);
        Map<String, String> files = untar(served);
        assertThat(files).containsEntry("etc/hostname", "gold-image\n").containsKey("root/.ssh/authorized_keys");
        assertThat(files.get("etc/apk/world")).contains("qemu-guest-agent");
        assertThat(files.keySet()).allMatch(name -> name.startsWith("etc/") || name.startsWith("root/"));
        Map<String, Object> d = data("goldImageOverlay", "overlay", "overlay");
        assertThat(d).containsEntry("hostname", "gold-image").containsEntry("overlayFile", "gold-image.apkovl.tar.gz")
                .containsEntry("tftpHost", "127.0.0.7").containsEntry("vmIp", "127.0.0.6")
                .containsEntry("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(overlay)));
        // nothing left behind: no temporary file on the server, no package on the gold image
        assertThat(lab.sandbox.tftpHttpDir().resolve("alpine.apkovl.tar.gz.tmp")).doesNotExist();
        assertThat(lab.sandbox.hostRoot("gold-image").resolve("tmp/gold-image.apkovl.tar.gz")).doesNotExist();
        // the copy went through this application: neither host ran scp itself
        assertThat(lab.sandbox.host("gold-image").commandLines()).noneMatch(l -> l.contains("scp ")).anyMatch(l -> l.contains("lbu package"));
        assertThat(lab.sandbox.host("tftp-server").commandLines()).noneMatch(l -> l.contains("scp "));
    }

    @Test
    @Order(6)
    void theRootPasswordIsOnNoCommandLineInNoResourceRunOrFile() throws IOException {
        String password = lab.sandbox.alpineRootPassword();
        List<String> commands = lab.sandbox.allCommandLines();
        assertThat(commands).anyMatch(l -> l.contains("chpasswd <")).anyMatch(l -> l.contains("setup-alpine"));
        assertThat(commands).noneMatch(l -> l.contains(password));
        for (String instance : List.of("alpineInstaller", "fleet", "goldImageOverlay", "testVmSsh")) {
            assertThat(Json.write(lab.engine.store().latestAll(instance))).doesNotContain(password);
        }
        List<RunRecord> runs = lab.engine.ledger().list(1000, null).stream()
                .map(r -> lab.engine.ledger().get(r.id()).orElseThrow()).toList();
        assertThat(Json.write(runs)).contains("install-alpine", "Root password set").doesNotContain(password);
        // no file of the lab - its database and the VMs' homes and disks - holds it
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        for (Path tree : List.of(dir, lab.sandbox.hostRoot(VM).getParent())) {
            try (Stream<Path> files = Files.walk(tree)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(contains(Files.readAllBytes(f), secret)).as(f.toString()).isFalse();
                }
            }
        }
    }

    @Test
    @Order(7)
    void destroySlateRefusesAWrongVmidAndDeletesWithTheRightOne() {
        RunRecord wrong = failed(lab.run("destroy-slate", Map.of("vmid", 999)));
        assertThat(wrong.error()).contains("refused to delete VM \"slate\": it has vmid 100", "but vmid 999 was expected");
        assertThat(lab.sandbox.proxmox().vm(100)).isPresent();
        succeeded(lab.run("destroy-slate", Map.of("vmid", 100)));
        assertThat(lab.sandbox.proxmox().vm(100)).isEmpty();
        assertThat(data("fleet", "vm", "slate")).containsEntry("status", "deleted");
    }

    private static String sha512(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The regular files of a tar.gz by name, as this machine's tar unpacks it. */
    private static Map<String, String> untar(Path archive) throws Exception {
        Path out = Files.createTempDirectory(dir, "overlay");
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", out.toString()).redirectErrorStream(true).start();
        String said = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor()).as("tar -xzf " + archive + ": " + said).isZero();
        Map<String, String> files = new java.util.TreeMap<>();
        try (Stream<Path> all = Files.walk(out)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files.put(out.relativize(f).toString(), Files.readString(f));
            }
        }
        return files;
    }
}
