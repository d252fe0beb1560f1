package pmgr.common;

/** Address rules the model types check arguments and answers against. */
public final class Addresses {
    /** A dotted IPv4 address, each part 0-255 without leading zeros (as an {@code @Arg} pattern or a regex). */
    public static final String IPV4 = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}";
    public static final String IPV4_HINT = "an IPv4 address";

    private static final java.util.regex.Pattern IPV4_PATTERN = java.util.regex.Pattern.compile(IPV4);

    private Addresses() {
    }

    public static boolean isIpv4(String text) {
        return text != null && IPV4_PATTERN.matcher(text).matches();
    }
}
