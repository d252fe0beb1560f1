package pmgr.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static pmgr.testing.BotMessages.colour;
import static pmgr.testing.BotMessages.description;
import static pmgr.testing.BotMessages.embed;
import static pmgr.testing.BotMessages.footer;
import static pmgr.testing.BotMessages.runId;
import static pmgr.testing.BotMessages.title;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.common.Json;
import pmgr.sandbox.SandboxLab;
import pmgr.sandbox.discord.Entry;
import pmgr.sandbox.discord.EntryMatch;
import pmgr.sandbox.discord.FakeDiscord;
import pmgr.sandbox.discord.InboundMessage;
import pmgr.sandbox.discord.Interaction;
import pmgr.sandbox.discord.Message;
import pmgr.store.RunRecord;
import pmgr.testing.Cli;
import pmgr.testing.Lab;
import pmgr.testing.Tools;

/**
 * The bot end to end: the real JDA against the sandbox's fake Discord (REST and gateway over
 * loopback), the shipped command table, definitions and workflows, the sandbox Proxmox node and the
 * sandbox game hosts (real SSH, real tmux). One lab for the class; each test uses its own people
 * where the cooldown would get in the way.
 */
class DiscordBotEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    /** Short enough that a slow run outlives it; the bot moves progress to a new message a fifth before. */
    static final Duration TOKEN_LIFETIME = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static Lab lab;
    static FakeDiscord discord;
    static int people;

    @BeforeAll
    static void start() throws Exception {
        Tools.require("tmux");
        lab = Lab.start(dir, SandboxLab.Options.fast().withGameHosts(true).withDiscord(TOKEN_LIFETIME),
                Map.of("pmgr.bot.cooldown", "1s", "pmgr.bot.confirm-timeout", "3s", "pmgr.bot.run-timeout", "15s"));
        discord = lab.sandbox.discord();
        assertThat(discord.awaitCommands(WAIT)).isTrue();
        // the bot's connection is one of serve's readiness checks
        var ready = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(lab.server.url() + "/api/health/ready")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(Json.MAPPER.readTree(ready.body()).path("checks").path("discord").path("message").asText())
                .as(ready.body()).isEqualTo("connected as pmgr");
        assertThat(lab.run("sync-fleet", Map.of()).status()).isEqualTo("SUCCEEDED");
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    long journalAtStart;

    @org.junit.jupiter.api.BeforeEach
    void markTheJournal() {
        journalAtStart = discord.journal().size();
    }

    /** VMs a test powered off; they are powered on again after it. */
    static final java.util.Set<Integer> stopped = new java.util.HashSet<>();

    /** Powers a VM off until the test ends; with slow tasks (or null) its start takes that long. */
    static void stopVm(int vmid, Duration slowTasks) throws InterruptedException {
        lab.sandbox.proxmox().faults().slowTasks(slowTasks);
        lab.sandbox.proxmox().setPower(vmid, false);
        lab.sandbox.settle();
        stopped.add(vmid);
    }

    /** After each test: no Proxmox faults, every VM it stopped running again, allthemons' players back. */
    @AfterEach
    void noLimitWasHit() throws Exception {
        lab.sandbox.proxmox().faults().reset();
        stopped.add(108); // stop tests power allthemons off through the bot
        for (int vmid : stopped) {
            lab.sandbox.proxmox().setPower(vmid, true);
        }
        stopped.clear();
        lab.sandbox.settle();
        lab.sandbox.host("allthemons").setMinecraftPlayers("mons", List.of("alice", "bob"));
        assertThat(discord.journal().stream().skip(journalAtStart)).as("the bot never ran into a Discord limit")
                .filteredOn(e -> e.status() == 429 || e.status() == 401 || (e.status() == 400 && String.valueOf(e.response()).contains("30046")))
                .isEmpty();
    }

    /** A new member with the role, so tests do not wait for each other's cooldown. */
    static String homie() {
        String name = "homie" + (++people);
        discord.member(name, List.of("homie"));
        return name;
    }

    // ---- reading what the bot showed --------------------------------------------------------------

    static List<String> buttons(Message m) {
        List<String> labels = new ArrayList<>();
        m.components().forEach(row -> ((List<?>) row.get("components")).forEach(b -> labels.add(String.valueOf(((Map<?, ?>) b).get("label")))));
        return labels;
    }

    static boolean isFinal(Message m) {
        return !m.loading() && !m.embeds().isEmpty() && m.components().isEmpty() && !footer(m).contains("\u00B7 running")
                && !title(m).endsWith("...");
    }

    /** The newest message of an answer: the interaction's own, or a message below it that continues it. */
    static Optional<Message> latest(List<Message> roots) {
        Message last = null;
        for (Message m : roots) {
            Message below = m;
            for (Optional<Message> next = discord.latestReplyTo(m.id()); next.isPresent(); next = discord.latestReplyTo(next.get().id())) {
                below = next.get();
            }
            last = below;
        }
        return Optional.ofNullable(last);
    }

    static Message awaitAnswer(Interaction i, java.util.function.Predicate<Message> done, String what) throws InterruptedException {
        return awaitMessage(() -> latest(discord.interactionMessages(i.id())), done, what + " (interaction /" + i.command() + ")");
    }

    static Message awaitFinal(Interaction i) throws InterruptedException {
        return awaitAnswer(i, DiscordBotEndToEndTest::isFinal, "the final answer");
    }

    static Message awaitReply(InboundMessage in, java.util.function.Predicate<Message> done) throws InterruptedException {
        return awaitMessage(() -> discord.latestReplyTo(in.id()).flatMap(m -> latest(List.of(m))), done,
                "a reply to '" + in.content() + "'");
    }

    static Message awaitMessage(java.util.function.Supplier<Optional<Message>> find, java.util.function.Predicate<Message> done,
                                String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        Optional<Message> m = Optional.empty();
        while (Instant.now().isBefore(deadline)) {
            m = find.get();
            if (m.isPresent() && done.test(m.get())) {
                return m.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("waited " + WAIT.toSeconds() + "s for " + what + "; last seen: " + m.map(Message::toString).orElse("nothing"));
    }

    static RunRecord run(Message m) throws Exception {
        return lab.engine.runner().await(runId(m), WAIT);
    }

    /** The descriptions of an interaction's message as the bot edited it, in order. */
    @SuppressWarnings("unchecked")
    static List<String> editedDescriptions(String interactionId) {
        List<String> out = new ArrayList<>();
        for (Entry e : discord.journal()) {
            if (interactionId.equals(e.interactionId()) && e.kind() == Entry.Kind.ORIGINAL_EDITED && e.request() != null
                    && e.request().get("embeds") instanceof List<?> l && !l.isEmpty()) {
                out.add(String.valueOf(((Map<String, Object>) l.get(0)).get("description")));
            }
        }
        return out;
    }

    // ---- the tests ----------------------------------------------------------------------------------

    @Test
    void slashStartShowsEachStepAsItRunsAndEndsWithTheRunsOwnVerdict() throws Exception {
        String alice = discord.userId("alice");
        Interaction i = discord.slashCommand("alice", "clankers", "start", Map.of("server", "allthemons"));
        Entry deferred = discord.await(EntryMatch.kind(Entry.Kind.INTERACTION_CALLBACK).and(EntryMatch.interaction(i.id())), WAIT);
        assertThat(deferred.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(deferred.nanos() - i.dispatchedNanos())).as("deferred well within Discord's 3 s").isLessThan(Duration.ofSeconds(2));
        Message done = awaitFinal(i);
        assertThat(title(done)).isEqualTo("Started allthemons");
        assertThat(colour(done)).isEqualTo(MessageView.SUCCESS);
        assertThat(description(done)).contains("\u2705 Start VM if stopped and wait for IP",
                "\u2705 Start Minecraft server and wait for ready");
        RunRecord r = run(done);
        assertThat(r.status()).isEqualTo("SUCCEEDED");
        assertThat(r.target()).isEqualTo("start-minecraft");
        assertThat(r.origin()).isEqualTo("discord:" + alice + ":alice");
        assertThat(r.inputs()).containsEntry("vmName", "allthemons").containsEntry("tmuxSession", "mons").containsEntry("serverDir", "~/mons");

        // the edits went forward, step by step: never a step back, the last one is the final state
        List<String> states = editedDescriptions(i.id());
        assertThat(states).hasSizeGreaterThanOrEqualTo(2);
        int before = -1;
        for (String s : states) {
            int doneSteps = s.split("\u2705", -1).length - 1;
            assertThat(doneSteps).as("steps done never go down: " + states).isGreaterThanOrEqualTo(before);
            before = doneSteps;
        }
        assertThat(states.get(states.size() - 1)).isEqualTo(description(done));
        // coalesced: one message's edits at least the edit interval apart
        List<Entry> edits = discord.journal().stream().filter(e -> i.id().equals(e.interactionId()) && e.kind() == Entry.Kind.ORIGINAL_EDITED).toList();
        for (int k = 2; k < edits.size(); k++) { // the first edit replaces the "thinking" message at once
            assertThat(Duration.ofNanos(edits.get(k).nanos() - edits.get(k - 1).nanos())).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
    }

    @Test
    void prefixStartAnswersWithAReplyThatFollowsTheRun() throws Exception {
        InboundMessage in = discord.message("bob", "clankers", "!start calamity");
        Message done = awaitReply(in, DiscordBotEndToEndTest::isFinal);
        assertThat(title(done)).isEqualTo("Started calamity");
        assertThat(description(done)).contains("\u2705 Start Docker Compose services");
        assertThat(run(done).origin()).isEqualTo("discord:" + discord.userId("bob") + ":bob");
        assertThat(discord.journal()).anyMatch(e -> e.kind() == Entry.Kind.CHANNEL_MESSAGE_EDITED && done.id().equals(e.messageId()));
    }

    @Test
    void statusReadsTheServerDirectlyOnlineWithPlayersAndOffline() throws Exception {
        assertThat(lab.run("start-minecraft", Map.of("vmName", "allthemons", "tmuxSession", "mons", "serverDir", "~/mons",
                "startScript", "./startserver.sh", "logPath", "~/mons/logs/latest.log")).status()).isEqualTo("SUCCEEDED");
        int proxmoxBefore = lab.sandbox.proxmox().journal().size();
        Interaction online = discord.slashCommand(homie(), "clankers", "status", Map.of("server", "allthemons"));
        Message m = awaitFinal(online);
        assertThat(title(m)).isEqualTo("allthemons \u2014 Online");
        assertThat(description(m)).isEqualTo("**Players:** 2 / 20\nalice, bob");
        assertThat(colour(m)).isEqualTo(MessageView.SUCCESS);
        assertThat(run(m).target()).isEqualTo("allthemonsMinecraft.status");
        assertThat(lab.sandbox.proxmox().journal()).as("status asks the server, not Proxmox").hasSize(proxmoxBefore);

        // a stopped VM has no address in the fleet's data: its server is offline
        stopVm(110, null);
        assertThat(lab.run("sync-fleet", Map.of()).status()).isEqualTo("SUCCEEDED");
        Interaction offline = discord.slashCommand(homie(), "clankers", "status", Map.of("server", "infinity"));
        Message off = awaitFinal(offline);
        assertThat(title(off)).isEqualTo("infinity \u2014 Offline");
        assertThat(description(off)).isEqualTo("Server is not running.");
        assertThat(run(off).status()).isEqualTo("SUCCEEDED");
    }

    @Test
    void listShowsEveryGameServerWithItsVmAndLastPlayerCountByVmid() throws Exception {
        assertThat(lab.run("collect-game-metrics", Map.of()).status()).isEqualTo("SUCCEEDED");
        Message m = awaitFinal(discord.slashCommand(homie(), "clankers", "list", Map.of()));
        assertThat(title(m)).isEqualTo("Game servers");
        String[] lines = description(m).split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("`107` **calamity** \u2014 ");
        assertThat(lines[1]).startsWith("`108` **allthemons** \u2014 ");
        assertThat(lines[2]).startsWith("`110` **infinity** \u2014 ");
        for (String line : lines) {
            assertThat(line).as("VM status and the last collection's players").containsPattern("\u2014 (running|stopped) \u00B7 \\d+( / \\d+)? players \\(");
        }
        assertThat(description(m)).doesNotContain("slate", "gold-image");
    }

    @Test
    void opTakesAGoodNameAndRefusesABadOneWithoutRunningAnything() throws Exception {
        ensureMinecraftRunning();
        String who = homie();
        Message ok = awaitFinal(discord.slashCommand(who, "clankers", "op", Map.of("server", "allthemons", "player", "Steve")));
        assertThat(title(ok)).isEqualTo("Opped Steve on allthemons");
        assertThat(run(ok).target()).isEqualTo("allthemonsMinecraft.op");
        assertThat(consoleLog()).contains("Made Steve a server operator");
        Thread.sleep(1100); // the cooldown
        int runs = lab.engine.ledger().list(1000, null).size();
        String console = consoleLog();
        Message bad = awaitFinal(discord.slashCommand(who, "clankers", "op", Map.of("server", "allthemons", "player", "St@ve;stop")));
        assertThat(bad.ephemeral()).isTrue();
        assertThat(title(bad)).isEqualTo("Cannot op St@ve;stop on allthemons");
        assertThat(description(bad)).contains("playerName", "a Minecraft name: 3-16 letters, digits or underscores");
        assertThat(lab.engine.ledger().list(1000, null)).as("nothing ran").hasSize(runs);
        assertThat(consoleLog()).as("nothing was typed into the console").isEqualTo(console);

        // on a server that is not running the method does nothing, and the bot says so
        stopVm(110, null);
        assertThat(lab.run("sync-fleet", Map.of()).status()).isEqualTo("SUCCEEDED");
        Thread.sleep(1100);
        Message skipped = awaitFinal(discord.slashCommand(who, "clankers", "op", Map.of("server", "infinity", "player", "Steve")));
        assertThat(title(skipped)).isEqualTo("Nothing to op: infinity is not running");
        assertThat(run(skipped).status()).isEqualTo("SUCCEEDED");
    }

    @Test
    void someoneWithoutTheRoleIsDeniedPrivatelyAndTheDenialIsRecorded() throws Exception {
        int runs = lab.engine.ledger().list(1000, null).size();
        Message denied = awaitFinal(discord.slashCommand("mallory", "clankers", "stop", Map.of("server", "allthemons")));
        assertThat(denied.ephemeral()).isTrue();
        assertThat(title(denied)).isEqualTo("Access Denied");
        assertThat(description(denied)).isEqualTo("You need the **homie** role to use this command.");
        assertThat(lab.engine.ledger().list(1000, null)).hasSize(runs);
        var record = lab.engine.store().latest("discord", "denial", discord.userId("mallory")).orElseThrow();
        assertThat(record.attributes()).containsEntry("command", "stop").containsEntry("server", "allthemons")
                .containsEntry("userName", "mallory").containsEntry("reason", "missing role homie");
        Cli.Result versions = lab.cli("data", "versions", "discord", discord.userId("mallory"));
        assertThat(versions.exitCode()).as(versions.err()).isZero();
        // help needs no role
        Thread.sleep(1100);
        Message help = awaitFinal(discord.slashCommand("mallory", "clankers", "help", Map.of()));
        assertThat(description(help)).contains("`/op server player`", "`/deop server player`", "`/list`", "`!start allthemons`");
    }

    @Test
    void aPrefixCommandInAnotherChannelIsIgnoredASlashCommandGetsAHintAndDirectMessagesAreRefused() throws Exception {
        String who = homie();
        InboundMessage elsewhere = discord.message(who, "general", "!status allthemons");
        Message hint = awaitFinal(discord.slashCommand(homie(), "general", "status", Map.of("server", "allthemons")));
        assertThat(hint.ephemeral()).isTrue();
        assertThat(description(hint)).isEqualTo("Use my commands in <#" + discord.channelId("clankers") + ">.");
        Thread.sleep(500);
        assertThat(discord.latestReplyTo(elsewhere.id())).as("no answer in #general").isEmpty();

        InboundMessage dm = discord.directMessage("alice", "!start allthemons");
        Message refused = awaitMessage(() -> discord.latestReplyTo(dm.id()), DiscordBotEndToEndTest::isFinal, "the DM answer");
        assertThat(title(refused)).isEqualTo("Not here");
        assertThat(description(refused)).contains("not in direct messages");
        // and other bots are not listened to
        discord.botMember("otherbot");
        InboundMessage fromBot = discord.message("otherbot", "clankers", "!start allthemons");
        Thread.sleep(500);
        assertThat(discord.latestReplyTo(fromBot.id())).isEmpty();
    }

    @Test
    void anUnknownServerOrAnActionItsGameDoesNotTakeIsAClearPrivateAnswer() throws Exception {
        Message unknown = awaitFinal(discord.slashCommand(homie(), "clankers", "status", Map.of("server", "ghost")));
        assertThat(unknown.ephemeral()).isTrue();
        assertThat(description(unknown)).isEqualTo("Unknown server: **ghost**. Available: allthemons, calamity, infinity");
        Message unsupported = awaitFinal(discord.slashCommand(homie(), "clankers", "op", Map.of("server", "calamity", "player", "Steve")));
        assertThat(description(unsupported)).isEqualTo("**calamity** doesn't support `op`. Available: start, stop, reboot, update, status");
        Message update = awaitFinal(discord.slashCommand(homie(), "clankers", "update", Map.of("server", "allthemons")));
        assertThat(description(update)).startsWith("**allthemons** doesn't support `update`.");
    }

    @Test
    void autocompleteOffersOnlyTheServersThatTakeTheCommand() throws Exception {
        assertThat(choices("op", "")).containsExactly("allthemons", "infinity");
        assertThat(choices("update", "")).containsExactly("calamity");
        assertThat(choices("start", "in")).containsExactly("infinity");
        assertThat(choicesAs("mallory", "start", "")).as("nothing for people without the role").isEmpty();
        List<String> registered = discord.registeredCommands().stream().map(c -> String.valueOf(c.get("name"))).toList();
        assertThat(registered).containsExactlyInAnyOrder("start", "stop", "reboot", "update", "status", "op", "deop", "wake", "keepup",
                "list", "help");
        assertThat(choices("keepup", "")).as("no shipped server has an idle block").isEmpty();
    }

    static List<String> choices(String command, String typed) {
        return choicesAs("alice", command, typed);
    }

    @SuppressWarnings("unchecked")
    static List<String> choicesAs(String user, String command, String typed) {
        Interaction i = discord.autocomplete(user, "clankers", command, Map.of("server", typed), "server");
        Entry answer = discord.await(EntryMatch.kind(Entry.Kind.INTERACTION_CALLBACK).and(EntryMatch.interaction(i.id())), WAIT);
        Map<String, Object> data = (Map<String, Object>) answer.request().get("data");
        return ((List<Map<String, Object>>) data.get("choices")).stream().map(c -> String.valueOf(c.get("value"))).toList();
    }

    @Test
    void aBusyServerIsAnsweredAtOnceNamingWhatRunsAndWho() throws Exception {
        stopVm(110, Duration.ofSeconds(4));
        String first = homie();
        Interaction start = discord.slashCommand(first, "clankers", "start", Map.of("server", "infinity"));
        awaitAnswer(start, m -> description(m).contains("\uD83D\uDD04 Start VM"), "the VM start running");
        long t0 = System.nanoTime();
        Interaction second = discord.slashCommand(homie(), "clankers", "stop", Map.of("server", "infinity"));
        Message busy = awaitFinal(second);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(title(busy)).isEqualTo("infinity is busy");
        assertThat(description(busy)).startsWith("**infinity** is busy: start-minecraft started by " + first + " ")
                .contains(" ago (run " + runId(awaitAnswer(start, m -> footer(m).startsWith("run "), "a run id")) + ")");
        awaitFinal(start);
    }

    @Test
    void stopWithPlayersOnlineAsksAndRunsWhenTheRequesterConfirms() throws Exception {
        String who = homie();
        ensureMinecraftRunning();
        Interaction stop = discord.slashCommand(who, "clankers", "stop", Map.of("server", "allthemons"));
        Message question = awaitAnswer(stop, m -> !buttons(m).isEmpty(), "the question");
        assertThat(title(question)).isEqualTo("Stop allthemons?");
        assertThat(description(question)).contains("has 2 players online (alice, bob)");
        assertThat(buttons(question)).containsExactly("Confirm", "Cancel");

        Interaction otherPress = discord.button("bob", question.id(), customId(question, "Confirm"));
        Message notYours = awaitMessage(() -> discord.interactionMessages(otherPress.id()).stream().findFirst(), m -> !m.loading(), "bob's answer");
        assertThat(notYours.ephemeral()).isTrue();
        assertThat(description(notYours)).isEqualTo("Only **" + who + "** can answer this.");
        assertThat(buttons(discord.messageById(question.id()).orElseThrow())).as("still open").containsExactly("Confirm", "Cancel");

        discord.button(who, question.id(), customId(question, "Confirm"));
        Message done = awaitFinal(stop);
        assertThat(title(done)).isEqualTo("Stopped allthemons");
        assertThat(description(done)).contains("\u2705 Broadcast shutdown warning to Minecraft players", "\u2705 Shut down the VM gracefully (powered off after 60s)");
        assertThat(run(done).origin()).endsWith(":" + who);
    }

    @Test
    void aQuestionCanBeCancelledAndOneNobodyAnswersExpires() throws Exception {
        ensureMinecraftRunning();
        String who = homie();
        int runs = lab.engine.ledger().list(1000, null).stream().filter(r -> !r.target().endsWith(".status")).toList().size();
        Interaction reboot = discord.slashCommand(who, "clankers", "reboot", Map.of("server", "allthemons"));
        Message q = awaitAnswer(reboot, m -> !buttons(m).isEmpty(), "the question");
        discord.button(who, q.id(), customId(q, "Cancel"));
        Message cancelled = awaitFinal(reboot);
        assertThat(title(cancelled)).isEqualTo("Reboot allthemons? \u2014 cancelled by " + who);
        assertThat(description(cancelled)).isEqualTo("Nothing was run.");

        Thread.sleep(1100);
        Interaction again = discord.slashCommand(who, "clankers", "reboot", Map.of("server", "allthemons"));
        awaitAnswer(again, m -> !buttons(m).isEmpty(), "the second question");
        Message expired = awaitAnswer(again, m -> m.components().isEmpty() && !m.loading(), "the question to expire (3 s)");
        assertThat(title(expired)).isEqualTo("Reboot allthemons? \u2014 expired");
        assertThat(lab.engine.ledger().list(1000, null).stream().filter(r -> !r.target().endsWith(".status")).toList())
                .as("neither question ran anything but the player count").hasSize(runs);
    }

    @Test
    void stopWithNobodyOnlineRunsAtOnce() throws Exception {
        ensureMinecraftRunning();
        lab.sandbox.host("allthemons").setMinecraftPlayers("mons", List.of());
        Interaction stop = discord.slashCommand(homie(), "clankers", "stop", Map.of("server", "allthemons"));
        Message done = awaitFinal(stop);
        assertThat(title(done)).isEqualTo("Stopped allthemons");
        assertThat(discord.journal()).noneMatch(e -> stop.id().equals(e.interactionId()) && e.request() != null
                && String.valueOf(e.request()).contains("Confirm"));
    }

    @Test
    void aProxmoxFaultMidRunIsAFailureWithTheStepsErrorAndSecretsMasked() throws Exception {
        lab.engine.vault().put("test-vault", "leak", "hunter2-very-secret");
        lab.sandbox.proxmox().faults().serverError("/status/current", 500, "storage 'local' is gone; key=hunter2-very-secret", 20);
        Interaction start = discord.slashCommand(homie(), "clankers", "start", Map.of("server", "calamity"));
        Message failed = awaitFinal(start);
        assertThat(title(failed)).isEqualTo("Failed to start calamity");
        assertThat(colour(failed)).isEqualTo(MessageView.ERROR);
        assertThat(description(failed)).contains("\u274C Start calamity VM if stopped and wait for IP",
                "\u2B1C Start Docker Compose services");
        @SuppressWarnings("unchecked")
        Map<String, Object> error = ((List<Map<String, Object>>) embed(failed).get("fields")).get(0);
        assertThat(error.get("name")).isEqualTo("Error");
        assertThat(String.valueOf(error.get("value"))).startsWith("```\n").contains("storage 'local' is gone; key=***");
        assertThat(run(failed).status()).isEqualTo("FAILED");
        assertThat(Json.write(discord.journal())).doesNotContain("hunter2-very-secret");
        // nor does the bot's own token show anywhere it writes
        String everything = Json.write(lab.engine.ledger().list(1000, null)) + Json.write(lab.engine.store().latestAll("discord"));
        assertThat(everything).doesNotContain(discord.botToken());
    }

    @Test
    void aGatewayReconnectMidRunStillDeliversTheFinalStateAndLaterCommands() throws Exception {
        stopVm(107, Duration.ofSeconds(2));
        int resumes = discord.resumes();
        Interaction start = discord.slashCommand(homie(), "clankers", "start", Map.of("server", "calamity"));
        awaitAnswer(start, m -> description(m).contains("\uD83D\uDD04"), "the run to be under way");
        discord.sendReconnect();
        Message done = awaitFinal(start);
        assertThat(title(done)).isEqualTo("Started calamity");
        discord.await(EntryMatch.kind(Entry.Kind.GATEWAY_RESUME), WAIT);
        assertThat(discord.resumes()).isEqualTo(resumes + 1);
        Message after = awaitFinal(discord.slashCommand(homie(), "clankers", "status", Map.of("server", "calamity")));
        assertThat(title(after)).startsWith("calamity \u2014 ");
    }

    @Test
    void aRunThatOutlivesTheInteractionTokenContinuesInAMessageBelow() throws Exception {
        stopVm(107, Duration.ofSeconds(11));
        Interaction start = discord.slashCommand(homie(), "clankers", "start", Map.of("server", "calamity"));
        Message done = awaitFinal(start);
        Message original = discord.interactionMessages(start.id()).get(0);
        assertThat(done.id()).as("the final state is in a new message").isNotEqualTo(original.id());
        assertThat(done.referencedMessageId()).isEqualTo(original.id());
        assertThat(title(done)).isEqualTo("Started calamity");
        assertThat(description(original)).as("the first message says where its progress went").endsWith("*(continued below)*");
        assertThat(Duration.between(start.dispatchedAt(), discord.messageById(original.id()).orElseThrow().createdAt()))
                .isLessThan(TOKEN_LIFETIME);
    }

    @Test
    void aRunLongerThanTheBotsBoundIsStoppedAndShownAsTimedOut() throws Exception {
        stopVm(110, Duration.ofSeconds(60));
        Interaction start = discord.slashCommand(homie(), "clankers", "start", Map.of("server", "infinity"));
        Message done = awaitFinal(start);
        assertThat(title(done)).isEqualTo("Failed to start infinity");
        assertThat(footer(done)).endsWith(" \u00B7 timed out after 15s");
        assertThat(run(done).error()).isEqualTo("timed out after 15s");
    }

    @Test
    void aSecondCommandWithinTheCooldownIsRefused() throws Exception {
        String who = homie();
        Interaction one = discord.slashCommand(who, "clankers", "status", Map.of("server", "calamity"));
        Interaction two = discord.slashCommand(who, "clankers", "status", Map.of("server", "calamity"));
        // the two arrive together and are handled side by side: one of them runs, the other is refused
        List<Message> answers = List.of(awaitFinal(one), awaitFinal(two));
        assertThat(answers).filteredOn(m -> title(m).startsWith("calamity \u2014 ")).hasSize(1);
        assertThat(answers).filteredOn(m -> title(m).equals("Slow down")).singleElement()
                .satisfies(m -> assertThat(m.ephemeral()).isTrue());
    }

    @Test
    void theChatCommandShowsTheAnswerAsItChangesAndExitsWithItsOutcome() {
        Cli.Result ok = lab.cli("chat", "--as", homie(), "/status server:calamity");
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("bot: Checking calamity...", "bot: calamity \u2014 ", "--", "run ", "\u00B7 succeeded in");
        Cli.Result denied = lab.cli("chat", "--as", "mallory", "!start allthemons");
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.out()).contains("Access Denied");
        Cli.Result bad = lab.cli("chat", "--as", "Not A Name", "/help");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("'as' must be a user name");
    }

    @Test
    void theFleetReportIsPostedToClankersAsAFile() throws Exception {
        RunRecord r = lab.run("fleet-report", Map.of());
        assertThat(r.status()).as(r.error() + "\n" + r.logs()).isEqualTo("SUCCEEDED");
        assertThat(r.steps()).extracting(RunRecord.StepRecord::stepId).contains("collect", "collect-game-metrics.sync-fleet",
                "collect-game-metrics.collect", "report", "post");
        Map<String, Object> report = lab.engine.store().latest("fleetReport", "report", "fleet").orElseThrow().attributes();
        String markdown = report.get("markdown").toString();
        assertThat(markdown).startsWith("# Fleet Report").contains("## Running VMs (", "| 108 | ",
                "## Stopped VMs (", "| gold-image | 109 | stopped | - | 2GB |", "## Fleet Summary", "### allthemons (Minecraft)",
                "### calamity (Terraria)", "- Last check: ");
        // each VM is one row with its vmid, in the table of its state (the other tests move allthemons around)
        assertThat(markdown).containsPattern("\\| (\\*\\*)?allthemons(\\*\\*)? \\| 108 \\| \\w+ \\| ");
        Message posted = discord.messages("clankers").stream().filter(m -> m.content().equals("**Daily Fleet Report**"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(posted.id()).isEqualTo(report.get("messageId"));
        assertThat(posted.attachments()).hasSize(1);
        assertThat(posted.attachments().get(0)).containsEntry("filename", "fleet-report.md");
        assertThat(((Number) posted.attachments().get(0).get("size")).longValue())
                .isEqualTo(markdown.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(Json.write(r) + Json.write(report)).doesNotContain(discord.botToken());
    }

    @Test
    void theChatCommandPressesAButtonWhenItAppears() throws Exception {
        ensureMinecraftRunning();
        Cli.Result stop = lab.cli("chat", "--as", homie(), "--press", "Confirm", "/stop server:allthemons");
        assertThat(stop.exitCode()).as(stop.out() + stop.err()).isZero();
        assertThat(stop.out()).contains("bot: Stop allthemons?", "bot: Stopping allthemons...", "bot: Stopped allthemons",
                "\u2705 Shut down the VM gracefully (powered off after 60s)");
    }

    static String consoleLog() throws java.io.IOException {
        Path log = lab.sandbox.host("allthemons").root().resolve("mons/logs/latest.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    static void ensureMinecraftRunning() throws Exception {
        lab.sandbox.proxmox().setPower(108, true);
        lab.sandbox.settle();
        assertThat(lab.run("sync-fleet", Map.of()).status()).isEqualTo("SUCCEEDED");
        RunRecord status = lab.method("allthemonsMinecraft", "status", Map.of());
        if (!Boolean.TRUE.equals(lab.engine.store().latest("allthemonsMinecraft", "server", "allthemons").orElseThrow()
                .attributes().get("serverRunning"))) {
            assertThat(lab.run("start-minecraft", Map.of("vmName", "allthemons", "tmuxSession", "mons", "serverDir", "~/mons",
                    "startScript", "./startserver.sh", "logPath", "~/mons/logs/latest.log")).status()).isEqualTo("SUCCEEDED");
        }
        assertThat(status.status()).isEqualTo("SUCCEEDED");
    }

    static String customId(Message m, String label) {
        for (Map<String, Object> row : m.components()) {
            for (Object b : (List<?>) row.get("components")) {
                if (label.equals(((Map<?, ?>) b).get("label"))) {
                    return String.valueOf(((Map<?, ?>) b).get("custom_id"));
                }
            }
        }
        throw new AssertionError("no button " + label + " on " + m);
    }
}
