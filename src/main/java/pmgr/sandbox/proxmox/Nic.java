package pmgr.sandbox.proxmox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network interface as the QEMU guest agent reports it. The name is the guest's own
 * (eth0, ens18, docker0 ...), not PVE's net0; clients must match on the hardware address.
 *
 * @param name            guest-side interface name
 * @param hardwareAddress MAC, lower-case like the agent reports it; null for tunnel devices
 * @param addresses       null = the agent omits "ip-addresses" altogether
 */
public record Nic(String name, String hardwareAddress, List<Address> addresses) {
    private static final AtomicInteger VETH_COUNTER = new AtomicInteger();

    public Nic {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an interface needs a name");
        }
        hardwareAddress = hardwareAddress == null ? null : hardwareAddress.toLowerCase(Locale.ROOT);
        addresses = addresses == null ? null : List.copyOf(addresses);
    }

    /** One "ip-addresses" entry. */
    public record Address(String ip, String type, int prefix) {
        public static Address ipv4(String ip, int prefix) {
            return new Address(ip, "ipv4", prefix);
        }

        public static Address ipv6(String ip, int prefix) {
            return new Address(ip, "ipv6", prefix);
        }
    }

    public static Nic of(String name, String mac, Address... addresses) {
        return new Nic(name, mac, List.of(addresses));
    }

    /** An interface the agent lists without any "ip-addresses" key (e.g. link down). */
    public static Nic withoutAddresses(String name, String mac) {
        return new Nic(name, mac, null);
    }

    public static Nic loopback() {
        return of("lo", "00:00:00:00:00:00", Address.ipv4("127.0.0.1", 8), Address.ipv6("::1", 128));
    }

    /** The VM's real uplink: IPv4 /24 first, then the SLAAC link-local address derived from the MAC. */
    public static Nic eth0(String mac, String ipv4) {
        return ethernet("eth0", mac, ipv4);
    }

    public static Nic ethernet(String name, String mac, String ipv4) {
        return of(name, mac, Address.ipv4(ipv4, 24), Address.ipv6(linkLocal(mac), 64));
    }

    /** eth0 still waiting for DHCP: only the fe80:: address exists. */
    public static Nic eth0LinkLocalOnly(String mac) {
        return of("eth0", mac, Address.ipv6(linkLocal(mac), 64));
    }

    /** IPv6 addresses listed before the IPv4 one, which trips "first address wins" clients. */
    public static Nic eth0Ipv6First(String mac, String ipv4) {
        String suffix = linkLocal(mac).substring("fe80::".length());
        return of("eth0", mac,
                Address.ipv6("2001:db8::" + suffix, 64),
                Address.ipv6(linkLocal(mac), 64),
                Address.ipv4(ipv4, 24));
    }

    /** Docker's default bridge; present even without containers. */
    public static Nic docker0() {
        return of("docker0", "02:42:8c:1d:aa:01", Address.ipv4("172.17.0.1", 16));
    }

    /** A user-defined compose network bridge. */
    public static Nic dockerBridge() {
        return of("br-3f2a9c1d7e5b", "02:42:5b:7e:19:02", Address.ipv4("172.18.0.1", 16));
    }

    /** A container's host-side veth: a MAC but only a link-local address. */
    public static Nic veth() {
        int n = VETH_COUNTER.incrementAndGet();
        String mac = String.format(Locale.ROOT, "6a:%02x:%02x:3c:91:%02x", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
        return of(String.format(Locale.ROOT, "veth%07x", 0x4d2e10 + n), mac, Address.ipv6(linkLocal(mac), 64));
    }

    /** Tailscale's tunnel: no hardware address, a CGNAT /32 and a ULA /128. */
    public static Nic tailscale(String ipv4) {
        String[] octets = ipv4.split("\\.");
        int low = (Integer.parseInt(octets[2]) << 8) | Integer.parseInt(octets[3]);
        return of("tailscale0", null,
                Address.ipv4(ipv4, 32),
                Address.ipv6("fd7a:115c:a1e0::" + Integer.toHexString(low), 128));
    }

    /** A Windows guest whose DHCP failed: APIPA 169.254/16 plus link-local. */
    public static Nic windowsApipa(String mac) {
        String[] b = mac.split(":");
        String ip = "169.254." + Integer.parseInt(b[4], 16) + "." + Math.max(1, Integer.parseInt(b[5], 16));
        return of("Ethernet", mac, Address.ipv6(linkLocal(mac), 64), Address.ipv4(ip, 16));
    }

    /** The realistic Docker-hosting, Tailscale-joined game VM from the API notes. */
    public static List<Nic> dockerTailscaleHost(String mac, String ipv4, String tailscaleIpv4) {
        List<Nic> nics = new ArrayList<>();
        nics.add(loopback());
        nics.add(eth0(mac, ipv4));
        nics.add(docker0());
        nics.add(dockerBridge());
        nics.add(veth());
        nics.add(veth());
        nics.add(tailscale(tailscaleIpv4));
        return nics;
    }

    /** fe80:: address built from the MAC by modified EUI-64, as the guest kernel does. */
    public static String linkLocal(String mac) {
        String[] parts = mac.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + mac);
        }
        int[] b = new int[6];
        for (int i = 0; i < 6; i++) {
            b[i] = Integer.parseInt(parts[i], 16);
        }
        b[0] ^= 0x02;
        return "fe80::" + group(b[0], b[1]) + ":" + group(b[2], 0xff) + ":" + group(0xfe, b[3]) + ":" + group(b[4], b[5]);
    }

    private static String group(int high, int low) {
        return Integer.toHexString((high << 8) | low);
    }
}
