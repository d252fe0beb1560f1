package pmgr.sandbox.discord;

import pmgr.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static pmgr.sandbox.discord.EntryMatch.channel;
import static pmgr.sandbox.discord.EntryMatch.interaction;
import static pmgr.sandbox.discord.EntryMatch.kind;
import static pmgr.sandbox.discord.EntryMatch.message;
import static pmgr.sandbox.discord.EntryMatch.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.ChunkingFilter;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pmgr.sandbox.discord.Entry.Kind;

/** The fake Discord driven by the real JDA (zlib-stream, as a bot runs it), plus plain HTTP where JDA hides answers. */
class FakeDiscordTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TestClock CLOCK = TestClock.system();
    private static JdaLog jdaLog;
    private static FakeDiscord fake;
    private static JdaEvents events;
    private static JDA jda;

    @BeforeAll
    static void connect() throws InterruptedException {
        jdaLog = JdaLog.capture();
        fake = FakeDiscord.builder().clock(CLOCK).editRateLimit(3, Duration.ofSeconds(2)).build().start();
        events = new JdaEvents();
        jda = connect(Compression.ZLIB, MemberCachePolicy.DEFAULT, events, GatewayIntent.GUILD_MESSAGES,
                GatewayIntent.MESSAGE_CONTENT, GatewayIntent.DIRECT_MESSAGES);
        guild().updateCommands().addCommands(
                Commands.slash("vm", "Control a VM")
                        .addOption(OptionType.STRING, "name", "VM name", true, true)
                        .addOption(OptionType.INTEGER, "count", "How many")
                        .addOption(OptionType.BOOLEAN, "force", "Force it"),
                Commands.slash("status", "How the lab is doing")).complete();
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        // what JDA said while the tests ran (shutting it down interrupts requests in flight, which it logs)
        List<String> duringRun = jdaLog.complaints();
        jda.shutdownNow();
        jda.awaitShutdown(WAIT);
        fake.close();
        jdaLog.detach();
        // allowed: JDA noting a repeated 429 (the rate-limit test provokes them), reading content without the
        // intent (the no-content test does it on purpose) and re-identifying after a non-resumable INVALID_SESSION;
        // anything else means a payload JDA disliked
        assertThat(duringRun).as("JDA warnings, errors and dropped payloads during the run")
                .allMatch(w -> w.contains("Encountered 429") || w.contains("without GatewayIntent.MESSAGE_CONTENT")
                        || w.contains("Got disconnected from WebSocket (Code 1000). Appending to reconnect queue"));
    }

    @Test
    void connectsWithZlibAndCachesTheGuild() {
        assertThat(guild().getName()).isEqualTo("homelab");
        assertThat(guild().getRoles()).extracting(Role::getName).contains("homie", "@everyone");
        assertThat(guild().getPublicRole().getId()).isEqualTo(fake.roleId("@everyone")).isEqualTo(fake.guildId());
        assertThat(guild().getTextChannels()).extracting(TextChannel::getName).containsExactly("general", "clankers");
        assertThat(guild().getTextChannelById(fake.channelId("clankers"))).isNotNull();
        assertThat(guild().getSelfMember().getId()).isEqualTo(fake.botUserId());
        assertThat(jda.getSelfUser().getApplicationId()).isEqualTo(fake.applicationId());

        Member bob = guild().retrieveMemberById(fake.userId("bob")).complete();
        assertThat(bob.getRoles()).extracting(Role::getId).containsExactly(fake.roleId("homie"));
        assertThat(guild().retrieveMemberById(fake.userId("mallory")).complete().getRoles()).isEmpty();

        List<Entry> journal = fake.journal();
        assertThat(journal).anyMatch(e -> e.kind() == Kind.REST_USERS_ME && e.status() == 200);
        assertThat(journal).anyMatch(e -> e.kind() == Kind.GATEWAY_CONNECTED
                && e.path().contains("compress=zlib-stream"));
        Entry identify = journal.stream().filter(e -> e.kind() == Kind.GATEWAY_IDENTIFY).findFirst().orElseThrow();
        assertThat(identify.request().toString()).contains("<masked>").doesNotContain(fake.botToken());
    }

    @Test
    void connectsWithoutCompressionAndWithoutTheContentIntentSeesNoContent() throws InterruptedException {
        JdaEvents plainEvents = new JdaEvents();
        JDA plain = connect(Compression.NONE, MemberCachePolicy.NONE, plainEvents, GatewayIntent.GUILD_MESSAGES);
        try {
            assertThat(plain.getGuildById(fake.guildId()).getTextChannels()).hasSize(2);
            InboundMessage hello = fake.message("bob", "general", "hello everyone");

            MessageReceivedEvent seen = plainEvents.await(MessageReceivedEvent.class,
                    e -> e.getMessageId().equals(hello.id()), WAIT);
            assertThat(seen.getMessage().getContentRaw()).isEmpty();
            assertThat(events.await(MessageReceivedEvent.class, e -> e.getMessageId().equals(hello.id()), WAIT)
                    .getMessage().getContentRaw()).isEqualTo("hello everyone");
            assertThat(fake.journal()).anyMatch(e -> e.kind() == Kind.GATEWAY_CONNECTED
                    && !e.path().contains("compress"));
        } finally {
            long before = fake.journal().size();
            plain.shutdown();
            plain.awaitShutdown(WAIT);
            fake.await(kind(Kind.GATEWAY_CLOSED).and(status(1000))
                    .and(EntryMatch.described("after #" + before, e -> e.seq() > before)), WAIT);
        }
    }

    @Test
    void registeredCommandsAreKeptWithTheirIds() {
        assertThat(fake.awaitCommands(WAIT)).isTrue();
        List<Map<String, Object>> commands = fake.registeredCommands().stream()
                .filter(c -> fake.guildId().equals(c.get("guild_id"))).toList();
        assertThat(commands).extracting(c -> c.get("name")).containsExactly("vm", "status");
        assertThat(commands.get(0)).containsEntry("application_id", fake.applicationId())
                .containsEntry("guild_id", fake.guildId()).containsKeys("id", "version");

        List<Command> fromDiscord = guild().retrieveCommands().complete();
        assertThat(fromDiscord).extracting(Command::getId)
                .containsExactly((String) commands.get(0).get("id"), (String) commands.get(1).get("id"));
        assertThat(fromDiscord.get(0).getOptions()).extracting(Command.Option::getName)
                .containsExactly("name", "count", "force");
        assertThat(fromDiscord.get(0).getOptions().get(0).isAutoComplete()).isTrue();

        Command ping = jda.upsertCommand("ping", "Is the bot alive?").complete();
        assertThat(fake.registeredCommands()).extracting(c -> c.get("name")).containsExactly("vm", "status", "ping");
        assertThat(fake.registeredCommands().get(2)).containsEntry("id", ping.getId()).doesNotContainKey("guild_id");
    }

    @Test
    void globalCommandsCanBeUsedInTheGuildToo() throws InterruptedException {
        Command ping = jda.upsertCommand("ping", "Is the bot alive?").complete();
        Interaction used = fake.slashCommand("mallory", "general", "ping", Map.of());
        SlashCommandInteractionEvent event = slashEvent(used);
        assertThat(event.getCommandId()).isEqualTo(ping.getId());
        assertThat(event.isGuildCommand()).isFalse();
        assertThat(event.getMember().getRoles()).isEmpty();
    }

    @Test
    void slashCommandIsDeferredThenEditedIntoAnEmbed() throws InterruptedException {
        Interaction used = fake.slashCommand("bob", "clankers", "vm",
                Map.of("name", "mc-atm9", "count", 2L, "force", true));
        SlashCommandInteractionEvent event = slashEvent(used);
        assertThat(event.getUser().getId()).isEqualTo(fake.userId("bob"));
        assertThat(event.getMember().getRoles()).extracting(Role::getId).containsExactly(fake.roleId("homie"));
        assertThat(event.getMember().getRoles()).extracting(Role::getName).containsExactly("homie");
        assertThat(event.getChannel().getId()).isEqualTo(fake.channelId("clankers"));
        assertThat(event.getOption("name").getAsString()).isEqualTo("mc-atm9");
        assertThat(event.getOption("count").getAsLong()).isEqualTo(2L);
        assertThat(event.getOption("force").getAsBoolean()).isTrue();

        event.deferReply().queue();
        fake.await(kind(Kind.INTERACTION_CALLBACK).and(interaction(used.id())), WAIT);
        assertThat(fake.interactionMessages(used.id())).singleElement().satisfies(m -> assertThat(m.loading()).isTrue());

        event.getHook().editOriginalEmbeds(new EmbedBuilder().setTitle("mc-atm9").setDescription("running").build())
                .queue();
        Entry edited = fake.await(kind(Kind.ORIGINAL_EDITED).and(interaction(used.id())), WAIT);
        assertThat(edited.status()).isEqualTo(200);
        assertThat(fake.interactionMessages(used.id())).singleElement().satisfies(m -> {
            assertThat(m.loading()).isFalse();
            assertThat(m.ephemeral()).isFalse();
            assertThat(m.embeds()).singleElement().satisfies(embed -> assertThat(embed)
                    .containsEntry("title", "mc-atm9").containsEntry("description", "running"));
            assertThat(m.authorId()).isEqualTo(fake.botUserId());
            assertThat(m.channelId()).isEqualTo(fake.channelId("clankers"));
        });
        assertThat(fake.journal()).filteredOn(e -> used.id().equals(e.interactionId())).allMatch(Entry::ok);
    }

    @Test
    void firstFollowupAfterAnEphemeralDeferralReplacesTheLoadingMessage() throws InterruptedException {
        Interaction used = fake.slashCommand("alice", "general", "status", Map.of());
        SlashCommandInteractionEvent event = slashEvent(used);
        event.deferReply(true).queue();
        event.getHook().sendMessage("all green").queue();

        Entry followup = fake.await(kind(Kind.ORIGINAL_EDITED).and(interaction(used.id())), WAIT);
        assertThat(followup.method()).isEqualTo("POST");
        assertThat(fake.interactionMessages(used.id())).singleElement().satisfies(m -> {
            assertThat(m.content()).isEqualTo("all green");
            assertThat(m.ephemeral()).isTrue();
            assertThat(m.loading()).isFalse();
        });
    }

    @Test
    void autocompleteIsAnsweredWithChoices() throws InterruptedException {
        Interaction typing = fake.autocomplete("alice", "clankers", "vm", Map.of("name", "mc"), "name");
        CommandAutoCompleteInteractionEvent event = events.await(CommandAutoCompleteInteractionEvent.class,
                e -> e.getInteraction().getId().equals(typing.id()), WAIT);
        assertThat(event.getFocusedOption().getName()).isEqualTo("name");
        assertThat(event.getFocusedOption().getValue()).isEqualTo("mc");

        event.replyChoices(new Command.Choice("mc-atm9", "mc-atm9"), new Command.Choice("mc-vanilla", "mc-vanilla"))
                .queue();
        Entry answer = fake.await(kind(Kind.INTERACTION_CALLBACK).and(interaction(typing.id())), WAIT);
        assertThat(answer.ok()).isTrue();
        assertThat(answer.request()).containsEntry("type", 8);
        assertThat(Json.asObjects(Json.asObject(answer.request().get("data")).get("choices")))
                .extracting(c -> c.get("name")).containsExactly("mc-atm9", "mc-vanilla");
    }

    @Test
    void buttonClickArrivesWithItsMessageAndEditMessageUpdatesIt() throws InterruptedException {
        var sent = clankers().sendMessage("mc-atm9 is running")
                .setComponents(ActionRow.of(Button.danger("stop:105", "Stop"))).complete();
        Interaction click = fake.button("bob", sent.getId(), "stop:105");
        ButtonInteractionEvent event = buttonEvent(click);
        assertThat(event.getComponentId()).isEqualTo("stop:105");
        assertThat(event.getMessage().getId()).isEqualTo(sent.getId());
        assertThat(event.getButton().getLabel()).isEqualTo("Stop");
        assertThat(event.getUser().getId()).isEqualTo(fake.userId("bob"));

        event.editMessage("mc-atm9 is stopping").setComponents().queue();
        fake.await(kind(Kind.INTERACTION_CALLBACK).and(interaction(click.id())).and(status(200)), WAIT);
        Message now = fake.messageById(sent.getId()).orElseThrow();
        assertThat(now.content()).isEqualTo("mc-atm9 is stopping");
        assertThat(now.components()).isEmpty();
        assertThat(now.editCount()).isEqualTo(1);
    }

    @Test
    void deferEditThenEditOriginalChangesTheClickedMessage() throws InterruptedException {
        var sent = clankers().sendMessage("3 players online")
                .setComponents(ActionRow.of(Button.secondary("refresh", "Refresh"))).complete();
        Interaction click = fake.button("alice", sent.getId(), "refresh");
        ButtonInteractionEvent event = buttonEvent(click);
        event.deferEdit().queue();
        event.getHook().editOriginal("4 players online").queue();

        Entry edited = fake.await(kind(Kind.ORIGINAL_EDITED).and(interaction(click.id())), WAIT);
        assertThat(edited.messageId()).isEqualTo(sent.getId());
        Message now = fake.messageById(sent.getId()).orElseThrow();
        assertThat(now.content()).isEqualTo("4 players online");
        assertThat(now.components()).hasSize(1);
    }

    @Test
    void messageContentArrivesAndAReplyReferencesIt() throws InterruptedException {
        InboundMessage asked = fake.message("alice", "clankers", "!status mc-atm9");
        MessageReceivedEvent event = events.await(MessageReceivedEvent.class,
                e -> e.getMessageId().equals(asked.id()), WAIT);
        assertThat(event.getMessage().getContentRaw()).isEqualTo("!status mc-atm9");
        assertThat(event.getAuthor().getId()).isEqualTo(fake.userId("alice"));
        assertThat(event.getMember().getRoles()).extracting(Role::getName).containsExactly("homie");
        assertThat(event.getChannel().getId()).isEqualTo(fake.channelId("clankers"));

        event.getMessage().reply("mc-atm9 is up").queue();
        Entry sent = fake.await(kind(Kind.CHANNEL_MESSAGE_SENT).and(EntryMatch.described("a reply to " + asked.id(),
                e -> e.request().get("message_reference") instanceof Map<?, ?> ref
                        && asked.id().equals(ref.get("message_id")))), WAIT);
        Message reply = fake.latestReplyTo(asked.id()).orElseThrow();
        assertThat(reply.id()).isEqualTo(sent.messageId());
        assertThat(reply.content()).isEqualTo("mc-atm9 is up");
        assertThat(reply.authorId()).isEqualTo(fake.botUserId());
        assertThat(Json.asObject(sent.response().get("referenced_message"))).containsEntry("id", asked.id());
    }

    @Test
    void membersAddedLaterAndOtherBotsLookRightToTheBot() throws InterruptedException {
        fake.member("carol", List.of("homie"));
        Interaction used = fake.slashCommand("carol", "general", "status", Map.of());
        assertThat(slashEvent(used).getMember().getRoles()).extracting(Role::getName).containsExactly("homie");
        fake.member("carol", List.of());
        Interaction again = fake.slashCommand("carol", "general", "status", Map.of());
        assertThat(slashEvent(again).getMember().getRoles()).isEmpty();

        fake.botMember("grafana");
        InboundMessage alert = fake.message("grafana", "general", "disk 91% full");
        MessageReceivedEvent event = events.await(MessageReceivedEvent.class,
                e -> e.getMessageId().equals(alert.id()), WAIT);
        assertThat(event.getAuthor().isBot()).isTrue();
    }

    @Test
    void directMessageArrivesPrivatelyAndCanBeAnswered() throws InterruptedException {
        InboundMessage asked = fake.directMessage("bob", "are you there?");
        MessageReceivedEvent event = events.await(MessageReceivedEvent.class,
                e -> e.getMessageId().equals(asked.id()), WAIT);
        assertThat(event.isFromType(ChannelType.PRIVATE)).isTrue();
        assertThat(event.getAuthor().getId()).isEqualTo(fake.userId("bob"));
        assertThat(event.getMessage().getContentRaw()).isEqualTo("are you there?");

        event.getChannel().sendMessage("yes").queue();
        fake.await(kind(Kind.CHANNEL_MESSAGE_SENT).and(channel(asked.channelId())), WAIT);
        assertThat(fake.messages(asked.channelId())).extracting(Message::content)
                .containsExactly("are you there?", "yes");
    }

    @Test
    void openPrivateChannelGivesTheUsersDmChannel() {
        var told = jda.openPrivateChannelById(fake.userId("mallory"))
                .flatMap(dm -> dm.sendMessage("you need the homie role for that")).complete();
        String dmId = told.getChannel().getId();
        Entry opened = fake.await(kind(Kind.DM_CHANNEL_OPENED).and(channel(dmId)), WAIT);
        assertThat(opened.response()).containsEntry("type", 1);
        assertThat(fake.directMessage("mallory", "oh").channelId()).isEqualTo(dmId);
        assertThat(fake.messages(dmId)).extracting(Message::content)
                .containsExactly("you need the homie role for that", "oh");
    }

    @Test
    void reconnectResumesAndDeliversWhatWasDispatchedMeanwhile() throws InterruptedException {
        int connections = fake.connectionsAccepted();
        int resumes = fake.resumes();
        fake.sendReconnect();
        Interaction used = fake.slashCommand("alice", "general", "status", Map.of());

        slashEvent(used).reply("still here").queue();
        fake.await(kind(Kind.INTERACTION_CALLBACK).and(interaction(used.id())).and(status(200)), WAIT);
        assertThat(fake.resumes()).isEqualTo(resumes + 1);
        assertThat(fake.connectionsAccepted()).isEqualTo(connections + 1);
        assertThat(fake.journal()).anyMatch(e -> e.kind() == Kind.GATEWAY_RESUME);
    }

    @Test
    void invalidSessionIsResumedWhenResumableAndIdentifiedAnewOtherwise() throws InterruptedException {
        int resumes = fake.resumes();
        fake.invalidateSession(true);
        slashEvent(fake.slashCommand("bob", "general", "status", Map.of()));
        assertThat(fake.resumes()).isEqualTo(resumes + 1);

        long before = fake.journal().size();
        fake.invalidateSession(false);
        // JDA waits out its 5 s identify spacing before it identifies again
        fake.await(kind(Kind.GATEWAY_IDENTIFY).and(EntryMatch.described("after #" + before, e -> e.seq() > before)),
                Duration.ofSeconds(15));
        jda.awaitStatus(JDA.Status.CONNECTED);
        assertThat(fake.resumes()).isEqualTo(resumes + 1);
        Interaction afterwards = fake.slashCommand("bob", "general", "status", Map.of());
        assertThat(slashEvent(afterwards).getMember().getRoles()).extracting(Role::getName).containsExactly("homie");
    }

    @Test
    void identifyWithAWrongTokenIsClosedWith4004() throws Exception {
        CompletableFuture<String> hello = new CompletableFuture<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(fake.gatewayUrl() + "?v=10&encoding=json"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        hello.complete(data.toString());
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                        closed.complete(code + " " + reason);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        assertThat(hello.get(5, TimeUnit.SECONDS)).contains("\"op\":10").contains("heartbeat_interval");
        socket.sendText("{\"op\":2,\"d\":{\"token\":\"nope\",\"intents\":0,\"properties\":{}}}", true);
        assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo("4004 Authentication failed.");
    }

    @Test
    void lateAcknowledgementFailsWithUnknownInteraction() throws InterruptedException {
        Interaction used = fake.slashCommand("bob", "general", "status", Map.of());
        SlashCommandInteractionEvent event = slashEvent(used);
        CLOCK.advance(Duration.ofSeconds(4));

        Throwable failure = catchThrowable(() -> event.reply("sorry, slow").complete());
        assertThat(failure).isInstanceOfSatisfying(ErrorResponseException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(10062));
        assertThat(fake.await(kind(Kind.INTERACTION_CALLBACK).and(interaction(used.id())), WAIT).status())
                .isEqualTo(404);
    }

    @Test
    void expiredTokenFailsWithInvalidWebhookTokenButItsButtonsStillWork() throws InterruptedException {
        Interaction used = fake.slashCommand("alice", "clankers", "status", Map.of());
        slashEvent(used).reply("backup running").addComponents(ActionRow.of(Button.primary("cancel", "Cancel")))
                .complete();
        CLOCK.advance(Duration.ofMinutes(16));

        SlashCommandInteractionEvent event = slashEvent(used);
        Throwable failure = catchThrowable(() -> event.getHook().editOriginal("backup done").complete());
        assertThat(failure).isInstanceOfSatisfying(ErrorResponseException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(50027));
        assertThat(fake.await(kind(Kind.ORIGINAL_EDITED).and(interaction(used.id())), WAIT).status())
                .isEqualTo(401);

        String originalId = fake.interactionMessages(used.id()).get(0).id();
        Interaction click = fake.button("alice", originalId, "cancel");
        buttonEvent(click).editMessage("backup cancelled").setComponents().queue();
        fake.await(kind(Kind.INTERACTION_CALLBACK).and(interaction(click.id())).and(status(200)), WAIT);
        assertThat(fake.messageById(originalId).orElseThrow().content()).isEqualTo("backup cancelled");
    }

    @Test
    void oldMessagesTakeOnlyAFewEditsAnHour() {
        String id = clankers().sendMessage("uptime 1h").complete().getId();
        CLOCK.advance(Duration.ofMinutes(61));
        for (int edit = 2; edit <= 4; edit++) {
            clankers().editMessageById(id, "uptime " + edit + "h").complete();
        }
        Throwable failure = catchThrowable(() -> clankers().editMessageById(id, "uptime 5h").complete());
        assertThat(failure).isInstanceOfSatisfying(ErrorResponseException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(30046));
        assertThat(fake.messageById(id).orElseThrow().content()).isEqualTo("uptime 4h");
    }

    @Test
    void editRateLimitAnswers429AndJdaDeliversTheEditAfterRetryAfter() throws Exception {
        String id = clankers().sendMessage("progress 0%").complete().getId();
        List<CompletableFuture<?>> edits = IntStream.rangeClosed(1, 5)
                .mapToObj(n -> clankers().editMessageById(id, "progress " + n * 20 + "%").submit())
                .<CompletableFuture<?>>map(f -> f).toList();
        CompletableFuture.allOf(edits.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);

        Entry limited = fake.await(kind(Kind.CHANNEL_MESSAGE_EDITED).and(message(id)).and(status(429)), WAIT);
        assertThat(limited.response()).containsEntry("global", false).containsEntry("message",
                "You are being rate limited.");
        double retryAfter = ((Number) limited.response().get("retry_after")).doubleValue();
        Entry delivered = fake.journal().stream()
                .filter(e -> e.seq() > limited.seq() && id.equals(e.messageId()) && e.status() == 200)
                .findFirst().orElseThrow();
        assertThat(delivered.nanos() - limited.nanos()).isGreaterThanOrEqualTo((long) (retryAfter * 0.9e9));
        // every edit arrived once (JDA may resend the limited one after later ones: the order is not promised)
        List<Object> deliveredContents = fake.journal().stream()
                .filter(e -> id.equals(e.messageId()) && e.kind() == Kind.CHANNEL_MESSAGE_EDITED && e.status() == 200)
                .map(e -> e.request().get("content")).toList();
        assertThat(deliveredContents).containsExactlyInAnyOrder("progress 20%", "progress 40%", "progress 60%", "progress 80%",
                "progress 100%");
        assertThat(fake.messageById(id).orElseThrow().editCount()).isEqualTo(5);
    }

    @Test
    void botCanTypeUploadFilesAndDeleteItsMessages() {
        clankers().sendTyping().complete();
        fake.await(kind(Kind.OTHER_REST).and(status(204)).and(EntryMatch.described("typing",
                e -> e.path().endsWith("/typing"))), WAIT);

        var withLog = clankers().sendMessage("the boot log")
                .addFiles(FileUpload.fromData("boot ok\n".getBytes(StandardCharsets.UTF_8), "vm-105.log")).complete();
        assertThat(withLog.getAttachments()).singleElement().satisfies(a -> {
            assertThat(a.getFileName()).isEqualTo("vm-105.log");
            assertThat(a.getSize()).isEqualTo(8);
        });

        withLog.delete().complete();
        fake.await(kind(Kind.MESSAGE_DELETED).and(message(withLog.getId())).and(status(204)), WAIT);
        assertThat(fake.messageById(withLog.getId())).isEmpty();
        Throwable gone = catchThrowable(() -> clankers().retrieveMessageById(withLog.getId()).complete());
        assertThat(gone).isInstanceOfSatisfying(ErrorResponseException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(10008));
    }

    @Test
    void restAnswersWithDiscordsErrorsAndRateLimitHeaders() throws Exception {
        RawRest rest = new RawRest(fake.restBaseUrl());
        String bot = "Bot " + fake.botToken();
        for (String authorization : new String[] {null, "Bot not-the-token"}) {
            RawRest.Reply refused = rest.send("GET", "users/@me", authorization, null);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body().toString()).isEqualTo("{\"message\":\"401: Unauthorized\",\"code\":0}");
        }
        RawRest.Reply noRoute = rest.send("GET", "no/such/route", bot, null);
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.body().toString()).isEqualTo("{\"message\":\"404: Not Found\",\"code\":0}");
        RawRest.Reply noMessage = rest.send("GET", "channels/" + fake.channelId("general") + "/messages/42", bot, null);
        assertThat(noMessage.status()).isEqualTo(404);
        assertThat(noMessage.body().get("code").asInt()).isEqualTo(10008);
        assertThat(noMessage.body().get("message").asText()).isEqualTo("Unknown Message");
        assertThat(rest.send("GET", "channels/42/messages/42", bot, null).body().get("code").asInt()).isEqualTo(10003);
        String messages = "channels/" + fake.channelId("general") + "/messages";
        RawRest.Reply tooLong = rest.send("POST", messages, bot, "{\"content\":\"" + "x".repeat(2001) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().get("code").asInt()).isEqualTo(50035);
        assertThat(tooLong.body().at("/errors/content/_errors/0/code").asText()).isEqualTo("BASE_TYPE_MAX_LENGTH");
        assertThat(rest.send("POST", messages, bot, "{}").body().get("code").asInt()).isEqualTo(50006);

        RawRest.Reply me = rest.send("GET", "users/@me", bot, null);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("id").asText()).isEqualTo(fake.botUserId());
        assertThat(me.header("via")).isEqualTo("1.1 google");
        assertThat(List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
                "X-RateLimit-Reset-After", "X-RateLimit-Bucket")).allSatisfy(h -> assertThat(me.header(h)).isNotNull());
    }

    @Test
    void aSecondCallbackIsRejectedAsAlreadyAcknowledged() throws Exception {
        RawRest rest = new RawRest(fake.restBaseUrl());
        Interaction used = fake.slashCommand("bob", "general", "status", Map.of());
        String callback = "interactions/" + used.id() + "/" + used.token() + "/callback";

        RawRest.Reply first = rest.send("POST", callback + "?with_response=true", null,
                "{\"type\":4,\"data\":{\"content\":\"one\",\"flags\":64}}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().at("/resource/message/content").asText()).isEqualTo("one");
        assertThat(first.body().at("/interaction/response_message_ephemeral").asBoolean()).isTrue();
        RawRest.Reply second = rest.send("POST", callback, null, "{\"type\":4,\"data\":{\"content\":\"two\"}}");
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.body().get("code").asInt()).isEqualTo(40060);
        assertThat(rest.send("POST", "interactions/42/nope/callback", null, "{\"type\":5}").body().get("code")
                .asInt()).isEqualTo(10062);
        assertThat(fake.interactionMessages(used.id())).extracting(Message::content).containsExactly("one");
    }

    @Test
    void awaitNamesWhatItWaitedForWhenNothingCame() {
        assertThatThrownBy(() -> fake.await(kind(Kind.FOLLOWUP_SENT).and(interaction("1234")), Duration.ofMillis(100)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kind FOLLOWUP_SENT and interaction 1234")
                .hasMessageContaining("last entries")
                .hasMessageFindingMatch("#\\d+ [A-Z_]+ ");
        assertThatThrownBy(() -> fake.roleId("admins")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("homie");
    }

    private static JDA connect(Compression compression, MemberCachePolicy cache, JdaEvents listener,
            GatewayIntent... intents) throws InterruptedException {
        return JDABuilder.createLight(fake.botToken(), List.of(intents))
                .setRestConfig(new RestConfig().setBaseUrl(fake.restBaseUrl()))
                .setSessionController(new ConcurrentSessionController() {
                    @Override
                    public String getGateway() {
                        return fake.gatewayUrl();
                    }
                })
                .setCompression(compression)
                .setMemberCachePolicy(cache)
                .setChunkingFilter(ChunkingFilter.NONE)
                .addEventListeners(listener)
                .build()
                .awaitReady();
    }

    /** Looked up each time: a session that was invalidated and identified again has new entity objects. */
    private static Guild guild() {
        return jda.getGuildById(fake.guildId());
    }

    private static TextChannel clankers() {
        return guild().getTextChannelById(fake.channelId("clankers"));
    }

    private static SlashCommandInteractionEvent slashEvent(Interaction used) throws InterruptedException {
        return events.await(SlashCommandInteractionEvent.class, e -> e.getInteraction().getId().equals(used.id()),
                WAIT);
    }

    private static ButtonInteractionEvent buttonEvent(Interaction click) throws InterruptedException {
        return events.await(ButtonInteractionEvent.class, e -> e.getInteraction().getId().equals(click.id()), WAIT);
    }
}
