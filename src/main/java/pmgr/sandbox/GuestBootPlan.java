package pmgr.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmgr.sandbox.proxmox.VmSnapshot;

/**
 * What a sandbox VM boots, read from its config as its firmware would: the devices of its boot
 * order, first to last. A disk boots when an installed system is on it (a kernel on partition 1 and
 * an Alpine root on partition 3); an empty disk is passed over. A network device PXE-boots the
 * diskless Alpine. Nothing bootable: no OS (no SSH, no guest agent).
 *
 * @param kind  what booted
 * @param disks the VM's disks, guest device name (sda) -> its folder on this machine
 * @param root  the installed system's root (partition 3) when it booted from disk
 */
record GuestBootPlan(Kind kind, Map<String, Path> disks, Path root) {
    enum Kind { NONE, PXE, DISK }

    /** Partition 1 is /boot, 2 swap, 3 the root file system (setup-alpine's sys layout). */
    static Path rootPartition(Path disk) {
        return disk.resolve("3");
    }

    static GuestBootPlan of(VmSnapshot vm, Path disksDir) {
        Map<String, String> config = vm.config();
        Map<String, Path> disks = new LinkedHashMap<>();
        config.forEach((key, value) -> {
            String device = guestDevice(key, value);
            if (device != null) {
                disks.put(device, disksDir.resolve(key));
            }
        });
        for (String device : bootOrder(config)) {
            if (!config.containsKey(device)) {
                continue;
            }
            if (device.startsWith("net")) {
                return new GuestBootPlan(Kind.PXE, disks, null);
            }
            String guest = guestDevice(device, config.get(device));
            if (guest != null && installed(disks.get(guest))) {
                return new GuestBootPlan(Kind.DISK, disks, rootPartition(disks.get(guest)));
            }
        }
        return new GuestBootPlan(Kind.NONE, disks, null);
    }

    /** A guest agent runs: the diskless image has one; an installed system when it was installed and enabled. */
    boolean agentRuns() {
        return switch (kind) {
            case PXE -> true;
            case NONE -> false;
            case DISK -> Files.exists(root.resolve("etc/runlevels/default/qemu-guest-agent")) && listed(root.resolve("etc/apk/world"));
        };
    }

    private static boolean listed(Path world) {
        try {
            return Files.exists(world) && Files.readAllLines(world).contains("qemu-guest-agent");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean installed(Path disk) {
        return disk != null && Files.exists(disk.resolve("1/vmlinuz-lts")) && Files.exists(rootPartition(disk).resolve("etc/alpine-release"));
    }

    /** scsi0 -> sda, scsi1 -> sdb, virtio0 -> vda; CD-ROMs and other keys: null. */
    static String guestDevice(String key, String value) {
        String prefix = key.startsWith("scsi") ? "sd" : key.startsWith("virtio") ? "vd" : null;
        if (prefix == null || value == null || value.contains("media=cdrom")) {
            return null;
        }
        String index = key.substring(prefix.equals("sd") ? 4 : 6);
        if (!index.matches("\\d{1,2}") || Integer.parseInt(index) > 25) {
            return null;
        }
        return prefix + (char) ('a' + Integer.parseInt(index));
    }

    /** "order=scsi0;net0" -> [scsi0, net0]; without an order (PVE's legacy default): disks, then the network. */
    static List<String> bootOrder(Map<String, String> config) {
        String boot = config.getOrDefault("boot", "");
        List<String> order = new ArrayList<>();
        for (String part : boot.split(",")) {
            if (part.startsWith("order=")) {
                for (String device : part.substring("order=".length()).split(";")) {
                    if (!device.isBlank()) {
                        order.add(device.trim());
                    }
                }
                return order;
            }
        }
        config.keySet().stream().filter(k -> k.matches("(scsi|virtio)\\d+")).sorted().forEach(order::add);
        config.keySet().stream().filter(k -> k.matches("net\\d+")).sorted().forEach(order::add);
        return order;
    }
}
