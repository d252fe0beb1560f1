package pmgr.sandbox.proxmox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How PVE rewrites and reads individual config values (NICs, disks, memory). */
final class ConfigValues {
    private static final Pattern NIC_MODEL = Pattern.compile("(virtio|e1000e?|rtl8139|vmxnet3)(=([0-9A-Fa-f:]{17}))?");
    private static final Pattern DISK_ALLOCATION = Pattern.compile("([a-zA-Z][\\w.-]*):(\\d+(\\.\\d+)?)");
    private static final Pattern SIZE = Pattern.compile("(?:^|,)size=(\\d+(?:\\.\\d+)?)([KMGT]?)");
    private static final Pattern MEMORY = Pattern.compile("(?:current=)?(\\d+)");

    private ConfigValues() {
    }

    /**
     * "virtio,bridge=vmbr0" becomes "virtio=BC:24:11:..,bridge=vmbr0": the MAC is generated
     * when absent (also from "macaddr=") and always stored upper-case.
     */
    static String normalizeNic(String value, Supplier<String> newMac) {
        String[] parts = value.split(",");
        String model = null;
        String mac = null;
        StringBuilder rest = new StringBuilder();
        for (String part : parts) {
            Matcher m = NIC_MODEL.matcher(part);
            if (model == null && m.matches()) {
                model = m.group(1);
                mac = m.group(3);
            } else if (part.startsWith("model=")) {
                model = part.substring("model=".length());
            } else if (part.startsWith("macaddr=")) {
                mac = part.substring("macaddr=".length());
            } else if (!part.isEmpty()) {
                rest.append(',').append(part);
            }
        }
        if (model == null) {
            return value;
        }
        String finalMac = (mac == null ? newMac.get() : mac).toUpperCase(Locale.ROOT);
        return model + "=" + finalMac + rest;
    }

    /** "local-lvm:32,format=raw" (allocate 32 GiB) becomes "local-lvm:vm-105-disk-0,format=raw,size=32G". */
    static String allocateDisk(String value, int vmid, int diskIndex) {
        String[] parts = value.split(",", 2);
        Matcher m = DISK_ALLOCATION.matcher(parts[0]);
        if (!m.matches() || parts[0].contains("/")) {
            return value;
        }
        String options = parts.length > 1 ? "," + parts[1] : "";
        String volume = m.group(1) + ":vm-" + vmid + "-disk-" + diskIndex;
        return volume + options + ",size=" + m.group(2) + "G";
    }

    /** Memory in MiB from "4096" or "current=4096,..."; PVE's default is 512. */
    static long memoryMiB(Map<String, String> config) {
        String value = config.get("memory");
        if (value != null) {
            Matcher m = MEMORY.matcher(value.split(",")[0]);
            if (m.matches()) {
                return Long.parseLong(m.group(1));
            }
        }
        return 512;
    }

    static int cpus(Map<String, String> config) {
        if (config.containsKey("vcpus")) {
            return Integer.parseInt(config.get("vcpus"));
        }
        return Integer.parseInt(config.getOrDefault("sockets", "1")) * Integer.parseInt(config.getOrDefault("cores", "1"));
    }

    /** Size of the boot disk (first disk in "order=", else the first disk at all); 0 when diskless. */
    static long bootDiskBytes(Map<String, String> config) {
        String boot = config.getOrDefault("boot", "");
        if (boot.startsWith("order=")) {
            for (String device : boot.substring("order=".length()).split(";")) {
                if (VmOptions.isDisk(device) && config.containsKey(device)) {
                    return sizeBytes(config.get(device));
                }
            }
        }
        for (Map.Entry<String, String> e : config.entrySet()) {
            if (VmOptions.isDisk(e.getKey()) && !e.getValue().contains("media=cdrom")) {
                return sizeBytes(e.getValue());
            }
        }
        return 0;
    }

    static long sizeBytes(String diskValue) {
        Matcher m = SIZE.matcher(diskValue);
        if (!m.find()) {
            return 0;
        }
        double amount = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        return (long) (amount * (1L << shift));
    }

    /** SHA-1 over the config as PVE writes it; changes whenever any value or pending entry changes. */
    static String digest(Map<String, String> config, Map<String, String> pending, Iterable<String> pendingDelete) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(config).forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        if (!pending.isEmpty() || pendingDelete.iterator().hasNext()) {
            text.append("[PENDING]\n");
            new TreeMap<>(pending).forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
            text.append("delete: ").append(String.join(",", pendingDelete)).append('\n');
        }
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
