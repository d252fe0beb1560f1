package pmgr.wake;

import static org.assertj.core.api.Assertions.assertThat;
import static pmgr.testing.BotMessages.description;
import static pmgr.testing.BotMessages.footer;
import static pmgr.testing.BotMessages.runId;
import static pmgr.testing.BotMessages.title;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.common.Json;
import pmgr.sandbox.SandboxLab;
import pmgr.sandbox.discord.FakeDiscord;
import pmgr.sandbox.discord.Interaction;
import pmgr.sandbox.discord.Message;
import pmgr.store.RunRecord;
import pmgr.testing.Eventually;
import pmgr.testing.Lab;
import pmgr.testing.Tools;

/**
 * Wake on join end to end: the sandbox lab with its game hosts (real SSH, real tmux and bash), the
 * real bot against the fake Discord, and allthemons' wake listener on 127.0.0.10, spoken to over a
 * real TCP socket by a client that speaks the Minecraft protocol itself. One lab for the class; each
 * test puts allthemons to sleep through the shipped workflows first, so the whitelist the listener
 * reads is the one recorded from the VM.
 */
class WakeOnJoinEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final int PROTOCOL_1_21_1 = 767;

    @TempDir
    static Path dir;
    static Lab lab;
    static FakeDiscord discord;
    static String listen;

    @BeforeAll
    static void start() throws Exception {
        Tools.require("tmux");
        lab = Lab.start(dir, SandboxLab.Options.fast().withGameHosts(true).withDiscord(null),
                Map.of("pmgr.bot.cooldown", "0ms", "pmgr.bot.run-timeout", "20s", "pmgr.wake.connection-timeout", "2s",
                        "pmgr.wake.max-connections", "4", "pmgr.wake.wakes-per-minute", "1"));
        discord = lab.sandbox.discord();
        assertThat(discord.awaitCommands(WAIT)).isTrue();
        listen = lab.sandbox.wakeListen();
        assertThat(listen).startsWith("127.0.0.10:");
        assertThat(lab.bot.wake().describe()).contains("allthemons at " + listen);
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @AfterEach
    void noSlowTasks() {
        lab.sandbox.proxmox().faults().reset();
    }

    /**
     * allthemons up (its lists recorded), dave made an operator while it runs, then stopped with its
     * VM: asleep. A test that leaves it so saves the next one the round (CI has two cores).
     */
    static void putAllthemonsToSleep() throws Exception {
        boolean recorded = lab.engine.store().latest("minecraftGame", "access", "allthemons")
                .map(v -> String.valueOf(v.attributes().get("ops")).contains("dave")).orElse(false);
        if (recorded && lab.bot.wake().listening("allthemons") && !lab.sandbox.proxmox().vm(108).orElseThrow().running()) {
            return;
        }
        succeeded(lab.run("start-minecraft", Map.of("vmName", "allthemons")));
        Eventually.await("allthemons' listener to step aside once it is up", WAIT, () -> !lab.bot.wake().listening("allthemons"));
        succeeded(lab.method("allthemonsMinecraft", "op", Map.of("playerName", "dave")));
        succeeded(lab.run("stop-minecraft", Map.of("vmName", "allthemons")));
        assertThat(lab.sandbox.proxmox().vm(108).orElseThrow().running()).isFalse();
        Eventually.await("allthemons' listener to open once it sleeps", WAIT, () -> lab.bot.wake().listening("allthemons"));
    }

    static RunRecord succeeded(RunRecord r) {
        assertThat(r.status()).as(r.target() + ": " + r.error()).isEqualTo("SUCCEEDED");
        return r;
    }

    static String text(String component) {
        return Json.readMap(component).get("text").toString();
    }

    static List<RunRecord> wakeRunsSince(Instant mark) {
        return lab.engine.ledger().list(50, null).stream()
                .filter(r -> r.origin() != null && r.origin().startsWith("wake:") && !r.startedAt().isBefore(mark)).toList();
    }

    static String statusPing(int protocol) throws IOException {
        try (MinecraftClient c = MinecraftClient.connect(listen)) {
            c.handshake(protocol, 1);
            String json = c.status();
            assertThat(c.ping(0x1234_5678_9ABC_DEF0L)).as("the pong carries the ping's payload").isEqualTo(0x1234_5678_9ABC_DEF0L);
            assertThat(c.closedByServer()).as("closed after the pong").isTrue();
            return json;
        }
    }

    static String join(String player, int protocol, boolean withUuid) throws IOException {
        try (MinecraftClient c = MinecraftClient.connect(listen)) {
            c.handshake(protocol, 2);
            return text(c.login(player, withUuid));
        }
    }

    @Test
    void whileAsleepTheServerListShowsTheRecordedVersionAndSlotsTheAsleepTextAndEchoesTheProtocol() throws Exception {
        putAllthemonsToSleep();
        Instant mark = Instant.now();
        Map<String, Object> access = lab.engine.store().latest("minecraftGame", "access", "allthemons").orElseThrow().attributes();
        assertThat(access).containsEntry("whitelist", List.of("alice", "bob", "carol")).containsEntry("version", "1.21.1")
                .containsEntry("maxPlayers", 20L).containsEntry("whitelistOn", true);
        assertThat(access.get("ops")).as("read from ops.json on the VM as the server left it, dave included")
                .isEqualTo(List.of("dave"));

        JsonNode status = Json.MAPPER.readTree(statusPing(PROTOCOL_1_21_1));
        assertThat(status.path("version").path("name").asText()).isEqualTo("1.21.1");
        assertThat(status.path("version").path("protocol").asInt()).as("the client's own protocol: listed as compatible")
                .isEqualTo(PROTOCOL_1_21_1);
        assertThat(status.path("players").path("max").asInt()).isEqualTo(20);
        assertThat(status.path("players").path("online").asInt()).isZero();
        assertThat(status.path("description").path("text").asText()).isEqualTo("allthemons\nasleep \u2014 join to wake it");
        // a 1.8 client's ping gets its own number back
        assertThat(Json.MAPPER.readTree(statusPing(47)).path("version").path("protocol").asInt()).isEqualTo(47);

        // /status in Discord says the same
        Message m = awaitFinal(discord.slashCommand("bob", "clankers", "status", Map.of("server", "allthemons")));
        assertThat(title(m)).isEqualTo("allthemons \u2014 Asleep");
        assertThat(description(m)).contains("Joining it in Minecraft wakes it", "/wake server:allthemons");
        assertThat(wakeRunsSince(mark)).as("pings wake nothing").isEmpty();
    }

    @Test
    void aWhitelistedPlayersJoinWakesTheStoppedVmAndServerOnceAndTheListenerStepsAside() throws Exception {
        putAllthemonsToSleep();
        lab.sandbox.proxmox().faults().slowTasks(Duration.ofSeconds(3)); // the start takes a while: time to look at it starting
        Instant mark = Instant.now();
        String woke = join("carol", PROTOCOL_1_21_1, true);
        assertThat(woke).isEqualTo("allthemons is starting, join again in about a minute.");

        // while it starts: a second join (a 1.8 client: the name alone) starts nothing, pings and /status say starting
        String again = join("bob", 47, false);
        assertThat(again).startsWith("allthemons is starting (woken by carol ").endsWith("ago): join again in about a minute.");
        assertThat(Json.MAPPER.readTree(statusPing(PROTOCOL_1_21_1)).path("description").path("text").asText())
                .isEqualTo("allthemons\nstarting \u2014 join again in about a minute");
        Message starting = awaitFinal(discord.slashCommand("bob", "clankers", "status", Map.of("server", "allthemons")));
        assertThat(title(starting)).isEqualTo("allthemons \u2014 Starting");
        assertThat(description(starting)).startsWith("Woken by carol (joining in Minecraft) ").contains("start-minecraft, run ");
        List<RunRecord> runs = wakeRunsSince(mark);
        assertThat(runs).hasSize(1);
        RunRecord run = runs.get(0);
        assertThat(run.target()).isEqualTo("start-minecraft");
        assertThat(run.origin()).isEqualTo("wake:carol");
        assertThat(run.inputs()).containsEntry("vmName", "allthemons");

        // the bot says who woke it, in its channel
        Message said = awaitMessage("clankers", m -> title(m).equals("carol woke allthemons"));
        assertThat(description(said)).contains("carol joined it in Minecraft, so it is starting (start-minecraft)");
        assertThat(footer(said)).isEqualTo("run " + run.id());

        succeeded(lab.engine.runner().await(run.id(), WAIT));
        assertThat(lab.sandbox.proxmox().vm(108).orElseThrow().running()).as("the VM was woken").isTrue();
        assertThat(lab.sandbox.hostRoot("allthemons").resolve("mons/logs/latest.log")).content().contains("Done (");
        assertThat(wakeRunsSince(mark)).as("the second join started nothing").hasSize(1);

        // up: the listener steps aside - its port takes no connection
        Eventually.await("the listener to step aside", WAIT, () -> !lab.bot.wake().listening("allthemons"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MinecraftClient.connect(listen).close())
                .isInstanceOf(ConnectException.class);

        // asleep again within the minute: one wake per minute is the bound, so this join is told to wait
        lab.sandbox.proxmox().faults().reset();
        succeeded(lab.run("stop-minecraft", Map.of("vmName", "allthemons")));
        Eventually.await("the listener to open again", WAIT, () -> lab.bot.wake().listening("allthemons"));
        assertThat(join("carol", PROTOCOL_1_21_1, true)).startsWith("allthemons was woken too often in the last minute; try again in ");
        assertThat(wakeRunsSince(mark)).hasSize(1);
    }

    @Test
    void aPlayerNotOnTheWhitelistWakesNothingAndIsToldWhyAndABadNameIsRefused() throws Exception {
        putAllthemonsToSleep();
        Instant mark = Instant.now();
        int proxmoxRequests = lab.sandbox.proxmox().journal().size();
        assertThat(join("mallory", PROTOCOL_1_21_1, true)).isEqualTo(
                "mallory is not on allthemons's whitelist, so joining does not wake it. Ask in Discord: /wake server:allthemons");
        assertThat(join("x", PROTOCOL_1_21_1, false)).isEqualTo("That is not a Minecraft name: 3-16 letters, digits or underscores.");
        assertThat(wakeRunsSince(mark)).isEmpty();
        assertThat(lab.sandbox.proxmox().journal()).as("nothing asked Proxmox anything").hasSize(proxmoxRequests);
        assertThat(lab.sandbox.proxmox().vm(108).orElseThrow().running()).isFalse();
    }

    @Test
    void oversizeAndGarbagePacketsAndIdleClientsAreClosedAndTheListenerServesTheNextClient() throws Exception {
        putAllthemonsToSleep();
        try (MinecraftClient c = MinecraftClient.connect(listen)) {
            c.raw(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x7F}); // announces a packet of 2 MiB
            assertThat(c.closedByServer()).as("an oversize packet").isTrue();
        }
        try (MinecraftClient c = MinecraftClient.connect(listen)) {
            c.raw(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01}); // a length VarInt of 5 bytes
            assertThat(c.closedByServer()).as("a length that is no length").isTrue();
        }
        try (MinecraftClient c = MinecraftClient.connect(listen)) {
            c.handshake(PROTOCOL_1_21_1, 9);
            assertThat(c.closedByServer()).as("a handshake asking for state 9").isTrue();
        }
        try (MinecraftClient c = MinecraftClient.connect(listen)) {
            c.handshake(PROTOCOL_1_21_1, 2);
            c.send(0x00, new byte[] {40, 'a', 'a', 'a'}); // a name of 40 bytes, 3 of them sent
            assertThat(c.closedByServer()).as("a name longer than the packet").isTrue();
        }
        try (MinecraftClient c = MinecraftClient.connect(listen)) {
            c.raw(new byte[] {(byte) 0xFE, 0x01, (byte) 0xFA}); // a pre-1.7 client's legacy ping
            assertThat(c.closedByServer()).as("a legacy ping").isTrue();
        }
        try (MinecraftClient c = MinecraftClient.connect(listen)) {
            c.handshake(PROTOCOL_1_21_1, 1);
            c.send(0x05, new byte[0]);
            assertThat(c.closedByServer()).as("a packet the status state has not").isTrue();
        }
        // clients that send nothing are closed at the deadline; over the bound of 4 at once, at once
        List<MinecraftClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                idle.add(MinecraftClient.connect(listen));
            }
            Thread.sleep(200);
            try (MinecraftClient fifth = MinecraftClient.connect(listen)) {
                fifth.setTimeout(1000);
                assertThat(fifth.closedByServer()).as("a fifth connection while four are open").isTrue();
            }
            long t0 = System.nanoTime();
            for (MinecraftClient c : idle) {
                assertThat(c.closedByServer()).as("an idle client, at the 2 s deadline").isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        } finally {
            for (MinecraftClient c : idle) {
                c.close();
            }
        }
        Thread.sleep(200); // the closed connections are counted off
        assertThat(Json.MAPPER.readTree(statusPing(PROTOCOL_1_21_1)).path("description").path("text").asText())
                .as("the listener still serves the next client").endsWith("asleep \u2014 join to wake it");
    }

    @Test
    void slashWakeWakesTheServerAsAJoinDoesAndIsRefusedWhileItIsUp() throws Exception {
        putAllthemonsToSleep();
        Message done = awaitFinal(discord.slashCommand("alice", "clankers", "wake", Map.of("server", "allthemons")));
        assertThat(title(done)).isEqualTo("Woke allthemons");
        RunRecord r = succeeded(lab.engine.runner().await(runId(done), WAIT));
        assertThat(r.target()).isEqualTo("start-minecraft");
        assertThat(r.origin()).isEqualTo("discord:" + discord.userId("alice") + ":alice");
        assertThat(lab.sandbox.proxmox().vm(108).orElseThrow().running()).isTrue();
        Eventually.await("the listener to step aside", WAIT, () -> !lab.bot.wake().listening("allthemons"));

        // through the chat harness, as people type it: up, so waking it again runs nothing
        int runs = lab.engine.ledger().list(100, null).size();
        pmgr.testing.Cli.Result up = lab.cli("chat", "--as", "bob", "!wake allthemons");
        assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
        assertThat(up.out()).contains("bot: allthemons is awake", "is running already: join it.");
        assertThat(lab.engine.ledger().list(100, null)).hasSize(runs);
        pmgr.testing.Cli.Result online = lab.cli("chat", "--as", "bob", "/status server:allthemons");
        assertThat(online.out()).as(online.out() + online.err()).contains("bot: allthemons \u2014 Online");
    }

    // ---- waiting for what the bot showed -------------------------------------------------------------

    static boolean isFinal(Message m) {
        return !m.loading() && !m.embeds().isEmpty() && !footer(m).contains("\u00B7 running") && !title(m).endsWith("...");
    }

    static Message awaitFinal(Interaction i) throws InterruptedException {
        Message[] found = new Message[1];
        Eventually.await("the final answer to /" + i.command(), WAIT, () -> {
            List<Message> ms = discord.interactionMessages(i.id());
            found[0] = ms.isEmpty() ? null : ms.get(ms.size() - 1);
            return found[0] != null && isFinal(found[0]);
        });
        return found[0];
    }

    static Message awaitMessage(String channel, java.util.function.Predicate<Message> match) throws InterruptedException {
        Message[] found = new Message[1];
        Eventually.await("a message in #" + channel, WAIT, () -> {
            found[0] = discord.messages(channel).stream().filter(match).reduce((a, b) -> b).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }
}
