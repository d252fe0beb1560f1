package pmgr.models.games;

import pmgr.model.Arg;

/**
 * The {@code wake} component of a Minecraft server's global arguments: while the server sleeps, a
 * listener in {@code serve} answers the server list and wakes it when an allowed player joins.
 * Off unless {@code listen} is set. The model's methods do not read it; {@code serve} does.
 */
public record WakeOnJoin(
        @Arg(description = "Where the wake listener takes connections while the server sleeps, host:port (empty = no listener)",
                defaultValue = "", pattern = "|" + WakeOnJoin.LISTEN, patternHint = "host:port, e.g. 127.0.0.10:25565 (empty = off)")
        String listen,
        @Arg(description = "Who may wake it by joining: whitelist (its whitelist and operators), ops, or anyone",
                defaultValue = "whitelist", pattern = "whitelist|ops|anyone", patternHint = "whitelist, ops or anyone") String allow,
        @Arg(description = "The workflow a join starts (its input vmName is the server's name)", defaultValue = "start-minecraft",
                pattern = "[a-z0-9][a-z0-9-]{0,63}", patternHint = "a workflow name: lower-case letters, digits and '-'") String workflow,
        @Arg(description = "What the server list says while it sleeps", defaultValue = "asleep \u2014 join to wake it",
                pattern = WakeOnJoin.TEXT, patternHint = WakeOnJoin.TEXT_HINT) String asleepMotd,
        @Arg(description = "What the server list says while it starts", defaultValue = "starting \u2014 join again in about a minute",
                pattern = WakeOnJoin.TEXT, patternHint = WakeOnJoin.TEXT_HINT) String startingMotd) {

    /** host:port; the host an IPv4 address, a name, or [IPv6]. */
    static final String LISTEN = "([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]):[0-9]{1,5}";
    static final String TEXT = "[^\\p{Cntrl}]{1,100}";
    static final String TEXT_HINT = "one line of 1-100 printable characters";

    public WakeOnJoin {
        if (listen != null && !listen.isEmpty()) {
            int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("argument 'listen' must name a port from 1 to 65535, got '" + listen + "'");
            }
        }
    }

    /** Whether a listener is configured. */
    public boolean on() {
        return listen != null && !listen.isEmpty();
    }

    public String host() {
        String host = listen.substring(0, listen.lastIndexOf(':'));
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    public int port() {
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }
}
