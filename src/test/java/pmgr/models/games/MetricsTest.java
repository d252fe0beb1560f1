package pmgr.models.games;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import pmgr.common.Json;

class MetricsTest {
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void exposesPlayersInThePrometheusTextFormat() {
        String text = Metrics.prometheus("minecraft", "allthemons", new PlayerData(true, 2, 20L, List.of("alice", "bob")), NOW);
        PrometheusFormat.check(text);
        assertThat(text).isEqualTo("""
                # HELP game_server_running Whether the game server process is running
                # TYPE game_server_running gauge
                game_server_running{game="minecraft",server="allthemons"} 1
                # HELP game_players_online Current number of players online
                # TYPE game_players_online gauge
                game_players_online{game="minecraft",server="allthemons"} 2
                # HELP game_players_max Maximum player slots
                # TYPE game_players_max gauge
                game_players_max{game="minecraft",server="allthemons"} 20
                # HELP game_metrics_collected_at Unix timestamp of last successful collection
                # TYPE game_metrics_collected_at gauge
                game_metrics_collected_at{game="minecraft",server="allthemons"} 1795867200
                """);
    }

    @Test
    void escapesLabelValues() {
        String text = Metrics.prometheus("ga\"me", "back\\slash\nline", PlayerData.notRunning(), NOW);
        PrometheusFormat.check(text);
        assertThat(text).contains("game_server_running{game=\"ga\\\"me\",server=\"back\\\\slash\\nline\"} 0")
                .doesNotContain("game_players_max");
    }

    @Test
    void logsOneJsonLinePerCollection() throws Exception {
        String line = Metrics.logLine("terraria", "calamity", new PlayerData(true, 1, null, List.of("Guide")), NOW);
        assertThat(line).isEqualTo("{\"ts\":\"2026-11-28T12:00:00Z\",\"game\":\"terraria\",\"server\":\"calamity\",\"running\":true,"
                + "\"online\":1,\"max\":null,\"players\":[\"Guide\"]}").doesNotContain("\n");
        assertThat(Json.MAPPER.readTree(line).path("players").get(0).asText()).isEqualTo("Guide");
    }

    @Test
    void readsConsoleAnswers() {
        assertThat(ConsoleOutput.minecraftList("[12:00:01] [Server thread/INFO]: There are 2 of a max of 20 players online: alice, bob"))
                .contains(new PlayerData(true, 2, 20L, List.of("alice", "bob")));
        assertThat(ConsoleOutput.minecraftList("There are 0 of a max of 20 players online: ")).contains(new PlayerData(true, 0, 20L, List.of()));
        assertThat(ConsoleOutput.minecraftList("nothing here")).isEmpty();
        assertThat(ConsoleOutput.terrariaPlaying("""
                : Guide (127.0.0.1:5555)
                : old line (1.1.1.1:1)
                1 player connected.
                playing
                : Guide (192.168.1.20:51234)
                : Nurse (192.168.1.21:51235)
                2 players connected.
                """)).contains(new PlayerData(true, 2, null, List.of("Guide", "Nurse")));
        assertThat(ConsoleOutput.terrariaPlaying("playing\n: No players connected.\n")).contains(new PlayerData(true, 0, null, List.of()));
    }
}
