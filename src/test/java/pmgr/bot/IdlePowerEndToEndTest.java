package pmgr.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.sandbox.SandboxLab;
import pmgr.sandbox.discord.FakeDiscord;
import pmgr.sandbox.discord.Interaction;
import pmgr.sandbox.discord.Message;
import pmgr.store.ResourceVersion;
import pmgr.store.RunRecord;
import pmgr.testing.Cli;
import pmgr.testing.Eventually;
import pmgr.testing.Lab;
import pmgr.testing.Tools;

/**
 * Idle power-down end to end: the shipped definitions with a short idle block (3 s empty, 3 s
 * warning), the real JDA bot on the fake Discord, real collections over SSH from the sandbox game
 * hosts. The test drives the collections itself (the 2-minute schedule is off).
 */
class IdlePowerEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    /** Longer than the idle block's 3 s: a collection after it finds the time passed. */
    static final long PAST_IDLE_MILLIS = 3_300;
    static final Map<String, Object> MONS = Map.of("vmName", "allthemons", "tmuxSession", "mons", "serverDir", "~/mons",
            "startScript", "./startserver.sh", "logPath", "~/mons/logs/latest.log");

    @TempDir
    static Path dir;
    static Lab lab;
    static FakeDiscord discord;
    static int people;

    @BeforeAll
    static void start() throws Exception {
        Tools.require("tmux");
        lab = Lab.start(dir, SandboxLab.Options.fast().withGameHosts(true).withDiscord(null),
                Map.of("pmgr.bot.cooldown", "1s", "pmgr.bot.idle-stale-after", "20s", "pmgr.schedule.metrics.enabled", "false"),
                home -> {
                    idle(home.resolve("definitions/allthemonsMinecraft.yaml"));
                    idle(home.resolve("definitions/calamityTerraria.yaml"));
                });
        discord = lab.sandbox.discord();
        assertThat(discord.awaitCommands(WAIT)).isTrue();
        succeeded(lab.run("sync-fleet", Map.of()));
        succeeded(lab.run("start-minecraft", MONS));
        succeeded(lab.run("start-calamity", Map.of()));
    }

    /** 3 s empty, 3 s of warning, no grace after a start, 10.8 s of keep-up. */
    static void idle(Path definition) {
        try {
            Files.writeString(definition, Files.readString(definition)
                    + "  idle:\n    stopMinutes: 0.05\n    warnMinutes: 0.05\n    graceMinutes: 0\n    keepUpHours: 0.003\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    /** Both servers up with somebody on them: no countdown left over from another test. */
    @BeforeEach
    void bothServersUpAndPlayed() throws Exception {
        if (!vmRunning("allthemons")) {
            succeeded(lab.run("start-minecraft", MONS));
        }
        players("allthemons", "alice");
        players("calamity", "Guide");
        collect();
        Eventually.await("no countdown and no keep-up", WAIT, () -> settled("allthemons") && settled("calamity"));
    }

    @Test
    void anEmptyServerIsWarnedThenStoppedByItsOwnStopWorkflow() throws Exception {
        players("allthemons");
        collect();
        Thread.sleep(PAST_IDLE_MILLIS);
        collect();
        Message warning = awaitPost(m -> title(m).equals("allthemons is idle"), "the idle warning");
        assertThat(description(warning)).contains("**allthemons** has been empty for", "stopping in 3 s");
        assertThat(customIds(warning)).containsExactly(IdlePower.BUTTON + "allthemons");
        assertThat(state("allthemons")).isEqualTo(IdlePower.COUNTING_DOWN);

        Thread.sleep(PAST_IDLE_MILLIS);
        collect();
        Eventually.await("the idle stop", WAIT, () -> state("allthemons").equals(IdlePower.STOPPED));
        RunRecord stop = lab.engine.runner().await(String.valueOf(idleAttributes("allthemons").get("stopRun")), WAIT);
        assertThat(stop.target()).isEqualTo("stop-minecraft");
        assertThat(stop.origin()).isEqualTo("schedule:idle");
        assertThat(stop.status()).isEqualTo("SUCCEEDED");
        assertThat(vmRunning("allthemons")).isFalse();
        Eventually.await("the report", WAIT, () -> title(discord.messageById(warning.id()).orElseThrow()).equals("Stopped allthemons"));
        assertThat(customIds(discord.messageById(warning.id()).orElseThrow())).as("the button is gone").isEmpty();
        assertThat(states("allthemons")).endsWith(IdlePower.COUNTING_DOWN, IdlePower.STOPPING, IdlePower.STOPPED);
        // the story as `pmgr data versions` tells it
        Cli.Result versions = lab.cli("data", "versions", "allthemonsMinecraft", "idle/allthemons");
        assertThat(versions.out()).contains("idle.counting-down", "idle.stopping", "idle.stopped");
    }

    @Test
    void keepItUpHoldsTheServerUpAndSaysWhoPressedIt() throws Exception {
        players("allthemons");
        collect();
        Thread.sleep(PAST_IDLE_MILLIS);
        collect();
        Message warning = awaitPost(m -> title(m).equals("allthemons is idle") && !customIds(m).isEmpty(), "the idle warning");
        String who = homie();
        discord.button(who, warning.id(), IdlePower.BUTTON + "allthemons");
        Eventually.await("the keep-up", WAIT, () -> state("allthemons").equals(IdlePower.KEPT_UP));
        assertThat(idleAttributes("allthemons")).containsEntry("by", who);
        Eventually.await("the warning replaced", WAIT, () -> title(discord.messageById(warning.id()).orElseThrow())
                .equals("allthemons stays up"));
        assertThat(description(discord.messageById(warning.id()).orElseThrow())).contains("Kept up until", "by **" + who + "**");
        // /status tells who keeps it up
        Interaction status = discord.slashCommand(homie(), "clankers", "status", Map.of("server", "allthemons"));
        Message shown = awaitAnswer(status, m -> !m.loading() && title(m).startsWith("allthemons \u2014"), "the status");
        assertThat(String.valueOf(shown.embeds().get(0).get("fields"))).contains("Power", "kept up until", who);

        Thread.sleep(PAST_IDLE_MILLIS);
        collect();
        nothingDecidedFor("allthemons", Duration.ofSeconds(1));
        assertThat(state("allthemons")).isEqualTo(IdlePower.KEPT_UP);
        assertThat(vmRunning("allthemons")).isTrue();

        // /keepup refuses a silly time
        Interaction silly = discord.slashCommand(homie(), "clankers", "keepup", Map.of("server", "allthemons", "hours", "500"));
        Message refused = awaitAnswer(silly, m -> !m.loading(), "the refusal");
        assertThat(description(refused)).contains("hours must be a number more than 0 and at most 48");
    }

    @Test
    void aPlayerJoiningDuringTheCountdownCancelsIt() throws Exception {
        players("calamity");
        collect();
        Thread.sleep(PAST_IDLE_MILLIS);
        collect();
        Message warning = awaitPost(m -> title(m).equals("calamity is idle") && !customIds(m).isEmpty(), "the idle warning");
        players("calamity", "Nurse");
        collect();
        Eventually.await("the cancel", WAIT, () -> state("calamity").equals(IdlePower.CANCELLED));
        assertThat(idleAttributes("calamity")).containsEntry("reason", "Nurse is playing");
        Eventually.await("the warning replaced", WAIT, () -> title(discord.messageById(warning.id()).orElseThrow())
                .equals("calamity stays up"));
        Thread.sleep(PAST_IDLE_MILLIS);
        collect();
        nothingDecidedFor("calamity", Duration.ofSeconds(2));
        assertThat(vmRunning("calamity")).isTrue();
    }

    @Test
    void anUnreachableServerIsNeverStoppedForIdleness() throws Exception {
        players("calamity");
        lab.sandbox.cutNetwork("calamity");
        try {
            int before = states("calamity").size();
            for (int i = 0; i < 3; i++) {
                collect();
                Thread.sleep(PAST_IDLE_MILLIS);
            }
            collect();
            nothingDecidedFor("calamity", Duration.ofSeconds(2));
            assertThat(states("calamity")).hasSize(before);
            assertThat(latestMetrics("calamity")).containsEntry("reachable", false);
            assertThat(vmRunning("calamity")).isTrue();
        } finally {
            lab.sandbox.restoreNetwork("calamity");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static boolean settled(String server) {
        String s = state(server);
        return !s.equals(IdlePower.COUNTING_DOWN) && !(s.equals(IdlePower.KEPT_UP)
                && Instant.parse(String.valueOf(idleAttributes(server).get("until"))).isAfter(Instant.now()));
    }

    static void collect() {
        RunRecord r = lab.run("collect-game-metrics", Map.of());
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo("SUCCEEDED");
    }

    static void players(String server, String... names) throws IOException {
        if (server.equals("calamity")) {
            lab.sandbox.host("calamity").setTerrariaPlayers(List.of(names));
        } else {
            lab.sandbox.host(server).setMinecraftPlayers("mons", List.of(names));
        }
    }

    static String definition(String server) {
        return server.equals("calamity") ? "calamityTerraria" : server + "Minecraft";
    }

    static List<ResourceVersion> history(String server) {
        return lab.engine.store().history(definition(server), "idle", server);
    }

    static List<String> states(String server) {
        return history(server).stream().map(v -> String.valueOf(v.attributes().get("state"))).toList();
    }

    static String state(String server) {
        List<String> s = states(server);
        return s.isEmpty() ? "" : s.get(s.size() - 1);
    }

    static Map<String, Object> idleAttributes(String server) {
        List<ResourceVersion> h = history(server);
        return h.get(h.size() - 1).attributes();
    }

    static Map<String, Object> latestMetrics(String server) {
        return lab.engine.store().latest(definition(server), "metrics", server).orElseThrow().attributes();
    }

    /** The bot decides after a collection's run ends: give it time, then nothing new may be recorded. */
    static void nothingDecidedFor(String server, Duration time) throws InterruptedException {
        int before = history(server).size();
        Thread.sleep(time.toMillis());
        assertThat(history(server)).as("decisions about " + server).hasSize(before);
    }

    static boolean vmRunning(String vm) {
        return lab.sandbox.proxmox().vms().stream().anyMatch(v -> v.name().equals(vm) && "running".equals(v.status()));
    }

    static void succeeded(RunRecord r) {
        assertThat(r.status()).as(r.target() + ": " + r.error()).isEqualTo("SUCCEEDED");
    }

    static String homie() {
        String name = "keeper" + (++people);
        discord.member(name, List.of("homie"));
        return name;
    }

    static Message awaitPost(java.util.function.Predicate<Message> match, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<Message> posted = new ArrayList<>(discord.messages("clankers"));
            for (int i = posted.size() - 1; i >= 0; i--) {
                if (match.test(posted.get(i))) {
                    return posted.get(i);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + " in #clankers");
    }

    static Message awaitAnswer(Interaction i, java.util.function.Predicate<Message> done, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<Message> answers = discord.interactionMessages(i.id());
            Optional<Message> last = answers.isEmpty() ? Optional.empty() : Optional.of(answers.get(answers.size() - 1));
            if (last.isPresent() && done.test(last.get())) {
                return last.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what);
    }

    static String title(Message m) {
        return m.embeds().isEmpty() ? "" : String.valueOf(m.embeds().get(0).get("title"));
    }

    static String description(Message m) {
        return m.embeds().isEmpty() ? "" : String.valueOf(m.embeds().get(0).get("description"));
    }

    static List<String> customIds(Message m) {
        List<String> ids = new ArrayList<>();
        m.components().forEach(row -> ((List<?>) row.get("components")).forEach(b -> ids.add(String.valueOf(((Map<?, ?>) b).get("custom_id")))));
        return ids;
    }
}
