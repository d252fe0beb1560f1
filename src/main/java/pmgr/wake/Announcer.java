package pmgr.wake;

/** Tells people that a player's join woke a server (the bot posts it in its channel). */
@FunctionalInterface
public interface Announcer {
    void woke(String player, String server, String workflow, String runId);

    Announcer NOBODY = (player, server, workflow, runId) -> {
    };
}
