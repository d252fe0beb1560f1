package pmgr.models.games;

import java.util.List;

/** Who is on a game server: running or not, how many online, the slot count if known, their names. */
public record PlayerData(boolean serverRunning, long online, Long max, List<String> players) {

    public static PlayerData notRunning() {
        return new PlayerData(false, 0, null, List.of());
    }
}
