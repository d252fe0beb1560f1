package pmgr.sandbox.proxmox;

import java.util.Set;
import pmgr.sandbox.proxmox.ParamSchema.Param;
import pmgr.sandbox.proxmox.ParamSchema.Type;

/**
 * Which VM config options exist and how they are typed; the endpoint schemas are built from it.
 * Written from the option names PVE documents; everything not typed here is a (property) string.
 */
final class VmOptions {
    /** Options a running VM takes at once; everything else waits for the next API stop/start/reboot. */
    static final Set<String> HOT = Set.of("name", "onboot", "tags", "description", "protection", "startup", "lock",
            "ciuser", "cipassword", "citype", "ciupgrade", "cicustom", "nameserver", "searchdomain", "sshkeys");
    static final Set<String> HOT_FAMILIES = Set.of("ipconfig", "net", "scsi", "virtio", "sata", "ide", "usb", "unused");
    static final Set<String> DISK_FAMILIES = Set.of("scsi", "virtio", "sata", "ide");

    /** Plain VM options shared by create and config update. */
    static final ParamSchema OPTIONS = ParamSchema.builder()
            .bool("acpi", "allow-ksm", "autostart", "ciupgrade", "freeze", "keephugepages", "kvm", "localtime",
                    "numa", "onboot", "protection", "reboot", "tablet", "tdf", "template", "force")
            .integer("balloon", 0L, null)
            .integer("cores", 1L, null)
            .integer("cpuunits", 1L, 262144L)
            .integer("migrate_speed", 0L, null)
            .integer("shares", 0L, 50000L)
            .integer("smp", 1L, null)
            .integer("sockets", 1L, null)
            .integer("vcpus", 1L, null)
            .integer("vmid", 100L, 999999999L)
            .add("cpulimit", new Param(Type.NUMBER, 0L, 128L, java.util.List.of()))
            .add("migrate_downtime", new Param(Type.NUMBER, 0L, null, java.util.List.of()))
            .add("name", Param.of(Type.DNS_NAME))
            .add("arch", Param.oneOf("x86_64", "aarch64"))
            .add("bios", Param.oneOf("seabios", "ovmf"))
            .add("citype", Param.oneOf("configdrive2", "nocloud", "opennebula"))
            .add("hugepages", Param.oneOf("any", "2", "1024"))
            .add("keyboard", Param.oneOf("de", "de-ch", "da", "en-gb", "en-us", "es", "fi", "fr", "fr-be", "fr-ca",
                    "fr-ch", "hu", "is", "it", "ja", "lt", "mk", "nl", "no", "pl", "pt", "pt-br", "sv", "sl", "tr"))
            .add("lock", Param.oneOf("backup", "clone", "create", "migrate", "rollback", "snapshot",
                    "snapshot-delete", "suspending", "suspended"))
            .add("ostype", Param.oneOf("other", "wxp", "w2k", "w2k3", "w2k8", "wvista", "win7", "win8", "win10",
                    "win11", "l24", "l26", "solaris"))
            .add("scsihw", Param.oneOf("lsi", "lsi53c810", "virtio-scsi-pci", "virtio-scsi-single", "megasas",
                    "pvscsi"))
            .string("affinity", "agent", "amd-sev", "args", "audio0", "boot", "bootdisk", "cdrom", "cicustom",
                    "cipassword", "ciuser", "cpu", "description", "efidisk0", "hookscript", "hotplug", "intel-tdx",
                    "ivshmem", "machine", "memory", "nameserver", "rng0", "searchdomain", "smbios1",
                    "spice_enhancements", "sshkeys", "startdate", "startup", "tags", "tpmstate0", "vga", "vmgenid",
                    "vmstatestorage", "watchdog")
            .family("hostpci", 15).family("ide", 3).family("ipconfig", 31).family("net", 31).family("numa", 7)
            .family("parallel", 2).family("sata", 5).family("scsi", 30).family("serial", 3).family("unused", 255)
            .family("usb", 4).family("virtio", 15).family("virtiofs", 9)
            .build();

    static final ParamSchema CREATE = ParamSchema.builder()
            .addAll(OPTIONS)
            .bool("start", "unique", "live-restore", "ha-managed")
            .integer("bwlimit", 0L, null)
            .string("archive", "pool", "storage", "import-working-storage")
            .required("vmid")
            .build();

    static final ParamSchema UPDATE = ParamSchema.builder()
            .addAll(OPTIONS)
            .bool("skiplock")
            .string("delete", "revert", "digest")
            .build();

    static final ParamSchema UPDATE_ASYNC = ParamSchema.builder()
            .addAll(UPDATE)
            .integer("background_delay", 1L, 30L)
            .string("import-working-storage")
            .build();

    private VmOptions() {
    }

    static boolean isHot(String key) {
        return HOT.contains(key) || HOT_FAMILIES.contains(family(key));
    }

    static boolean isDisk(String key) {
        return DISK_FAMILIES.contains(family(key)) && !key.equals(family(key));
    }

    /** "net0" -> "net", "name" -> "name". */
    static String family(String key) {
        int end = key.length();
        while (end > 0 && Character.isDigit(key.charAt(end - 1))) {
            end--;
        }
        return key.substring(0, end);
    }

    /** GET config types: integers and booleans as JSON numbers; memory and number options stay strings. */
    static Object render(String key, String value) {
        Param p = OPTIONS.lookup(key);
        if (p != null && (p.type() == Type.INTEGER || p.type() == Type.BOOLEAN) && value.matches("-?\\d+")) {
            return Long.parseLong(value);
        }
        return value;
    }
}
