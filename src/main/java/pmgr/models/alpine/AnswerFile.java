package pmgr.models.alpine;

/**
 * The answer file of an unattended {@code setup-alpine -f}: sys mode on one disk, DHCP on eth0,
 * US keymap, UTC, OpenSSH and chrony, the first mirror (the post-install step sets the
 * repositories). setup-alpine sources it with sh, so every value is text already checked to hold
 * nothing a shell would act on inside double quotes.
 */
final class AnswerFile {
    private AnswerFile() {
    }

    static String text(String hostname, String dnsServers, AlpineDisk disk) {
        return """
                KEYMAPOPTS="us us"
                HOSTNAMEOPTS="-n %s"
                INTERFACESOPTS="auto lo
                iface lo inet loopback

                auto eth0
                iface eth0 inet dhcp
                "
                DNSOPTS="-d local %s"
                TIMEZONEOPTS="-z UTC"
                PROXYOPTS="none"
                APKREPOSOPTS="-1"
                SSHDOPTS="-c openssh"
                NTPOPTS="-c chrony"
                DISKOPTS="-m sys %s"
                """.formatted(hostname, dnsServers, disk.inDoubleQuotes());
    }
}
