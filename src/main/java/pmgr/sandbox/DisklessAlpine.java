package pmgr.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import pmgr.common.FileTrees;

/**
 * The insides of a PXE-booted diskless Alpine in the sandbox: its root is RAM, so every PXE boot
 * starts from what the overlay gives (root's SSH key, a guest agent) and nothing of the last boot
 * survives - except the sandbox's own record of the commands the VM ran. Its disks show as
 * {@code ~/.sandbox/hardware/<device>} files (the disk's folder) once the kernel sees them; the
 * modprobe and mdev stand-ins turn them into {@code ~/dev/<device>}.
 */
final class DisklessAlpine {
    private static final String COMMAND_LOG = "commands.log";

    private DisklessAlpine() {
    }

    /** Empties the RAM root for a new boot, keeping the sandbox's command record; returns the root. */
    static Path freshRoot(Path ram) throws IOException {
        Files.createDirectories(ram);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(ram)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().equals(".sandbox") && Files.isDirectory(entry)) {
                    try (DirectoryStream<Path> own = Files.newDirectoryStream(entry)) {
                        for (Path p : own) {
                            if (!p.getFileName().toString().equals(COMMAND_LOG)) {
                                FileTrees.delete(p);
                            }
                        }
                    }
                } else {
                    FileTrees.delete(entry); // links (a disk's ~/dev entry) are removed, never followed
                }
            }
        }
        return ram;
    }

    /** What the overlay gives a booted diskless VM. */
    static void boot(Path root, PublicKey rootKey) throws IOException {
        write(root.resolve(".ssh/authorized_keys"), PublicKeyEntry.toString(rootKey) + " pmgr\n");
        write(root.resolve("etc/hostname"), "localhost\n");
        write(root.resolve("etc/alpine-release"), "3.21.0\n");
        write(root.resolve("etc/apk/world"), "alpine-base\nopenssh\nqemu-guest-agent\n");
        for (String dir : new String[] {"mnt", "tmp", "dev", ".sandbox/hardware"}) {
            Files.createDirectories(root.resolve(dir));
        }
    }

    /** The kernel sees a disk: {@code device} (sda) is the folder {@code disk}. */
    static void attach(Path root, String device, Path disk) {
        try {
            write(root.resolve(".sandbox/hardware").resolve(device), disk.toRealPath() + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot attach " + device + " to " + root, e);
        }
    }

    /** The gold image's files the overlay is made of (lbu tracks /etc and root's SSH folder). */
    static void seedGoldImage(Path root, PublicKey rootKey) throws IOException {
        write(root.resolve("etc/hostname"), "gold-image\n");
        write(root.resolve("etc/alpine-release"), "3.21.0\n");
        write(root.resolve("etc/apk/world"), "alpine-base\nchrony\nopenssh\nqemu-guest-agent\n");
        write(root.resolve("etc/runlevels/default/qemu-guest-agent"), "");
        write(root.resolve("etc/runlevels/default/sshd"), "");
        write(root.resolve("etc/motd"), "Diskless Alpine, PXE-booted from the pmgr gold image\n");
        write(root.resolve("etc/apk/protected_paths.d/lbu.list"), "+root/.ssh\n");
        write(root.resolve("root/.ssh/authorized_keys"), PublicKeyEntry.toString(rootKey) + " pmgr\n");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
