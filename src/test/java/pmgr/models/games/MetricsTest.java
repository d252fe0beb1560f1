package pmgr.models.games;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pmgr.common.Json;
import pmgr.models.ssh.Shell;
import pmgr.testing.Tools;

/**
 * The awk programs that read console answers and write the metrics files, run by bash with each awk
 * this machine has (mawk on Debian, gawk, busybox as on Alpine), as the game VMs run them.
 */
class MetricsTest {
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path home;

    /** mawk (Debian's awk), gawk and busybox's (Alpine's): each test runs with each (skipped where absent, except in CI). */
    static List<String> awks() {
        return List.of("mawk", "gawk", "busybox");
    }

    /** Runs the script with $HOME at the test's folder and only {@code awk} as the given one. */
    String bash(String awk, String script, String input) throws Exception {
        Tools.require(awk);
        Path bin = Files.createDirectories(home.resolve("bin-" + awk));
        Path link = bin.resolve("awk");
        if (!Files.exists(link)) {
            Files.writeString(link, "#!/bin/sh\nexec " + (awk.equals("busybox") ? "busybox awk" : awk) + " \"$@\"\n");
            link.toFile().setExecutable(true);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    Optional<PlayerData> read(String awk, String program, String consoleText) throws Exception {
        return ConsoleOutput.read(bash(awk, "awk " + Shell.quote(program), consoleText));
    }

    /** Writes the files as a collection does, from $running and $parsed; returns the .prom file and the log. */
    String[] collect(String awk, String game, String server, int running, String parsed) throws Exception {
        bash(awk, "running=" + running + "; parsed=" + Shell.quote(parsed) + "; "
                + Metrics.writing("~/textfile", "~/log/players.log", game, server, NOW), "");
        Path prom = home.resolve("textfile/game_" + game + "_" + server + ".prom");
        return new String[] {Files.readString(prom), Files.readString(home.resolve("log/players.log"))};
    }

    @ParameterizedTest
    @MethodSource("awks")
    void exposesPlayersInThePrometheusTextFormat(String awk) throws Exception {
        String[] files = collect(awk, "minecraft", "allthemons", 1, "online=2\nmax=20\nplayer=alice\nplayer=bob");
        PrometheusFormat.check(files[0]);
        assertThat(files[0]).isEqualTo("""
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
        assertThat(files[1]).isEqualTo("{\"ts\":\"2026-11-28T12:00:00Z\",\"game\":\"minecraft\",\"server\":\"allthemons\",\"running\":true,"
                + "\"online\":2,\"max\":20,\"players\":[\"alice\",\"bob\"]}\n");
        assertThat(Files.list(home.resolve("textfile"))).as("no temporary file is left").hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("awks")
    void aServerThatIsDownOrDidNotAnswerIsWrittenAsSuch(String awk) throws Exception {
        String[] down = collect(awk, "terraria", "calamity", 0, "");
        PrometheusFormat.check(down[0]);
        assertThat(down[0]).contains("game_server_running{game=\"terraria\",server=\"calamity\"} 0\n",
                "game_players_online{game=\"terraria\",server=\"calamity\"} 0\n").doesNotContain("game_players_max");
        assertThat(down[1]).isEqualTo("{\"ts\":\"2026-11-28T12:00:00Z\",\"game\":\"terraria\",\"server\":\"calamity\",\"running\":false,"
                + "\"online\":0,\"max\":null,\"players\":[]}\n");
        String[] silent = collect(awk, "terraria", "calamity", 1, "answer=none");
        assertThat(silent[0]).contains("game_server_running{game=\"terraria\",server=\"calamity\"} 1\n");
        assertThat(silent[1].lines().toList()).hasSize(2).last().asString().contains("\"running\":true,\"online\":0,\"max\":null");
    }

    /** The folders are made when either is missing, and a second collection finds both and appends. */
    @ParameterizedTest
    @MethodSource("awks")
    void aMissingFolderIsMadeEvenWhenTheOtherExists(String awk) throws Exception {
        Files.createDirectories(home.resolve("textfile"));
        collect(awk, "minecraft", "allthemons", 1, "online=1\nmax=20\nplayer=alice");
        String[] second = collect(awk, "minecraft", "allthemons", 1, "online=0\nmax=20");
        assertThat(second[0]).contains("game_players_online{game=\"minecraft\",server=\"allthemons\"} 0\n");
        assertThat(second[1].lines()).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("awks")
    void theLogLineIsJsonWhateverAPlayerIsCalled(String awk) throws Exception {
        String name = "we\"ird\\na\u00efme";
        String line = collect(awk, "terraria", "calamity", 1, "online=1\nmax=\nplayer=" + name)[1];
        assertThat(line).endsWith("\n").hasLineCount(1);
        assertThat(Json.MAPPER.readTree(line).path("players").get(0).asText()).isEqualTo(name);
    }

    @ParameterizedTest
    @MethodSource("awks")
    void readsConsoleAnswers(String awk) throws Exception {
        assertThat(read(awk, ConsoleOutput.MINECRAFT_LIST, "[12:00:00] typed\n"
                + "[12:00:01] [Server thread/INFO]: There are 2 of a max of 20 players online: alice, bob\n"))
                .contains(new PlayerData(true, 2, 20L, List.of("alice", "bob")));
        assertThat(read(awk, ConsoleOutput.MINECRAFT_LIST, "There are 0 of a max of 20 players online: \n"))
                .contains(new PlayerData(true, 0, 20L, List.of()));
        assertThat(read(awk, ConsoleOutput.MINECRAFT_LIST, "nothing here\n")).isEmpty();
        assertThat(read(awk, ConsoleOutput.TERRARIA_PLAYING, """
                : Guide (127.0.0.1:5555)
                : old line (1.1.1.1:1)
                1 player connected.
                playing
                : Guide (192.168.1.20:51234)
                : Nurse (192.168.1.21:51235)
                2 players connected.
                """)).contains(new PlayerData(true, 2, null, List.of("Guide", "Nurse")));
        assertThat(read(awk, ConsoleOutput.TERRARIA_PLAYING, "playing\n: No players connected.\n"))
                .contains(new PlayerData(true, 0, null, List.of()));
        assertThat(read(awk, ConsoleOutput.TERRARIA_PLAYING, "playing\n")).isEmpty();
    }

    @Test
    void namesThatAreNoNamesAreRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> Metrics.writing("~/textfile", "~/log/players.log", "minecraft", "all the mons", NOW))
                .hasMessageContaining("serverName must be");
        assertThatThrownBy(() -> Metrics.writing("~/text file", "~/log/players.log", "minecraft", "allthemons", NOW))
                .hasMessageContaining("path must be");
    }
}
