package pmgr.power;

import pmgr.models.games.WakeOnJoin;

/**
 * A game server that sleeps behind a wake listener: a Minecraft server definition with a literal
 * {@code serverName} (its VM's name) and a {@code wake} block whose {@code listen} is set.
 */
public record WakeableServer(String name, String definition, WakeOnJoin wake) {
    /** The lock its game workflows take (`'vm:' + inputs.vmName`). */
    public String lockKey() {
        return "vm:" + name;
    }
}
