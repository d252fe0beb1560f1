package pmgr.models.alpine;

import pmgr.models.ssh.Shell;

/**
 * A whole disk of a PXE-booted VM, named as the installer takes it ({@code /dev/sda}), and where
 * it and its partitions are on the VM: in its device folder ({@code /dev} on a real VM; the
 * sandbox's VMs keep theirs under their home).
 */
record AlpineDisk(String name, String deviceDir) {
    static final String PATTERN = "/dev/([a-z]{2,8}|nvme[0-9]{1,2}n[0-9]{1,2})";
    static final String HINT = "a whole disk such as /dev/sda, /dev/vda or /dev/nvme0n1";

    static AlpineDisk of(String disk, String deviceDir) {
        if (disk == null || !disk.matches(PATTERN)) {
            throw new IllegalArgumentException("argument 'disk' must be " + HINT + ", got '" + disk + "'");
        }
        Shell.checkPath(deviceDir, "deviceDir");
        return new AlpineDisk(disk.substring("/dev/".length()), deviceDir.endsWith("/") ? deviceDir.substring(0, deviceDir.length() - 1) : deviceDir);
    }

    /** The disk's path on the VM. */
    String path() {
        return deviceDir + "/" + name;
    }

    /** Partition n's path: sda3, nvme0n1p3. */
    String partition(int n) {
        return path() + (Character.isDigit(name.charAt(name.length() - 1)) ? "p" : "") + n;
    }

    /** As a word of a remote command line. */
    String word() {
        return Shell.path(path());
    }

    String partitionWord(int n) {
        return Shell.path(partition(n));
    }

    /** As text inside a double-quoted value of a sourced sh file (~ as $HOME: no quoting needed, the path is checked). */
    String inDoubleQuotes() {
        String p = path();
        return p.startsWith("~/") ? "$HOME/" + p.substring(2) : p;
    }
}
