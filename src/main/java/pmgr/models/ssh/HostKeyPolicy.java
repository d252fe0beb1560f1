package pmgr.models.ssh;

/** How a host's key is checked against the known-hosts store. */
public enum HostKeyPolicy {
    /** Record a host's key the first time it is seen; refuse a key that differs from the recorded one. */
    ACCEPT_NEW,
    /** Only hosts already in the store; an unknown host is refused. */
    STRICT,
    /** No check at all (logged as a warning on every connection). Only when asked for explicitly. */
    SKIP;

    public static HostKeyPolicy parse(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "accept-new", "" -> ACCEPT_NEW;
            case "strict" -> STRICT;
            case "skip" -> SKIP;
            default -> throw new IllegalArgumentException("hostKeyPolicy must be accept-new, strict or skip, got '" + text + "'");
        };
    }
}
