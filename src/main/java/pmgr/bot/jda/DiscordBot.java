package pmgr.bot.jda;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.ChunkingFilter;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.bot.Bot;
import pmgr.bot.BotCommand;
import pmgr.bot.BotHeaders;
import pmgr.bot.BotSettings;
import pmgr.bot.Conversation;
import pmgr.bot.MessageHandle;
import pmgr.bot.MessageView;
import pmgr.bot.Reply;
import pmgr.common.Secrets;

/**
 * The bot in Discord, on JDA. It only translates: each event becomes an exchange on
 * {@code direct:bot.<command>} (headers {@link BotHeaders}, the {@link Conversation} to answer in as
 * a property), and what the route answers is shown there. It registers the slash commands per guild
 * when the guild is ready, so they appear at once. JDA's event and callback threads come from Camel.
 */
public final class DiscordBot implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordBot.class);
    private static final Duration READY_WAIT = Duration.ofSeconds(30);

    private final Bot bot;
    private final CamelContext camel;
    private final ProducerTemplate template;
    private final BotSettings settings;
    private final CountDownLatch ready = new CountDownLatch(1);
    private JDA jda;

    private DiscordBot(Bot bot, CamelContext camel) {
        this.bot = bot;
        this.camel = camel;
        this.settings = bot.settings();
        this.template = camel.createProducerTemplate();
    }

    /**
     * Logs in and waits (bounded) until Discord says the bot is ready. Fails with a message that
     * says what went wrong (a refused token, no connection); the token never appears in it.
     */
    public static DiscordBot connect(Bot bot, CamelContext camel, String token) throws InterruptedException {
        Secrets.register(token);
        DiscordBot d = new DiscordBot(bot, camel);
        try {
            d.jda = d.builder(token).build();
        } catch (net.dv8tion.jda.api.exceptions.InvalidTokenException e) {
            d.template.stop();
            throw new IllegalStateException("Discord refused the bot token");
        } catch (RuntimeException e) {
            d.template.stop();
            throw new IllegalStateException("cannot reach Discord: " + Secrets.mask(String.valueOf(e.getMessage())));
        }
        if (!d.ready.await(READY_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            d.close();
            throw new IllegalStateException("Discord did not get ready within " + READY_WAIT.toSeconds()
                    + "s (gateway " + (d.settings.gatewayUrl().isEmpty() ? "discord.gg" : d.settings.gatewayUrl()) + ")");
        }
        return d;
    }

    private JDABuilder builder(String token) {
        EnumSet<GatewayIntent> intents = EnumSet.of(GatewayIntent.DIRECT_MESSAGES);
        if (settings.prefixCommands()) {
            intents.add(GatewayIntent.GUILD_MESSAGES);
            intents.add(GatewayIntent.MESSAGE_CONTENT); // privileged: switch it on in the developer portal too
        }
        ExecutorService events = camel.getExecutorServiceManager().newThreadPool(this, "pmgr-discord-events", 2, 16);
        ScheduledExecutorService callbacks = camel.getExecutorServiceManager().newScheduledThreadPool(this, "pmgr-discord", 2);
        JDABuilder b = JDABuilder.createLight(token, intents)
                .setMemberCachePolicy(MemberCachePolicy.NONE).setChunkingFilter(ChunkingFilter.NONE)
                .setEventPool(events, false).setCallbackPool(callbacks, false)
                .setEnableShutdownHook(false)
                .addEventListeners(new Listener());
        if (!settings.restUrl().isEmpty()) {
            b.setRestConfig(new RestConfig().setBaseUrl(settings.restUrl()));
        }
        if (!settings.gatewayUrl().isEmpty()) {
            String gateway = settings.gatewayUrl();
            b.setSessionController(new ConcurrentSessionController() {
                @Override
                public String getGateway() {
                    return gateway;
                }
            });
        }
        return b;
    }

    /**
     * Posts what nobody asked for (an idle warning, a wake) in the bot's command channel of every
     * guild it is in; the first message is the one returned, to edit later. Fails when no command
     * channel is configured or known.
     */
    public CompletableFuture<MessageHandle> announce(MessageView view) {
        List<CompletableFuture<MessageHandle>> sent = new ArrayList<>();
        for (String id : bot.commandChannels()) {
            net.dv8tion.jda.api.entities.channel.concrete.TextChannel channel = jda.getTextChannelById(id);
            if (channel != null) {
                sent.add(JdaMessages.refusals(channel.sendMessage(JdaMessages.create(view)).submit()).thenApply(ChannelMessage::of));
            }
        }
        if (sent.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the bot has no command channel to post in "
                    + "(pmgr.bot.channel)"));
        }
        return sent.get(0);
    }

    /** The bot's account, e.g. "pmgr" (for serve's start line). */
    public String account() {
        return jda.getSelfUser().getName();
    }

    /** JDA's connection state, e.g. CONNECTED, or RECONNECT_QUEUED while the gateway is away. */
    public String status() {
        return jda.getStatus().name();
    }

    public int guilds() {
        return jda.getGuilds().size();
    }

    /** The slash commands: one per declared command, plus /list and /help. */
    private List<SlashCommandData> slashCommands() {
        List<SlashCommandData> out = new ArrayList<>();
        for (BotCommand c : bot.table().commands()) {
            SlashCommandData d = Commands.slash(c.name(), c.description())
                    .addOptions(new OptionData(OptionType.STRING, BotHeaders.SERVER, "The game server", true, true));
            if (c.takesPlayer()) {
                d.addOptions(new OptionData(OptionType.STRING, BotHeaders.PLAYER, "The player's name", true).setMaxLength(32));
            }
            out.add(d);
        }
        out.add(Commands.slash(BotCommand.KEEP_UP, "Keep a game server up: no idle power-down for a while")
                .addOptions(new OptionData(OptionType.STRING, BotHeaders.SERVER, "The game server", true, true),
                        new OptionData(OptionType.NUMBER, BotHeaders.HOURS, "For how many hours (default: the server's own)", false)
                                .setMinValue(0.1).setMaxValue(pmgr.power.IdlePolicy.MAX_KEEP_UP_HOURS)));
        out.add(Commands.slash("list", "List the game servers, their VMs and players"));
        out.add(Commands.slash("help", "Show the commands"));
        return out;
    }

    private boolean known(String command) {
        return BotCommand.BUILT_IN.contains(command) || bot.table().command(command).isPresent();
    }

    /** Sends the event's exchange to its route, then shows what the route answered. */
    private void handle(String endpoint, Exchange exchange, Conversation conversation) {
        exchange.setProperty(BotHeaders.CONVERSATION, conversation);
        Exchange done = template.send(endpoint, exchange);
        if (done.getException() != null) {
            LOG.warn("bot: {} failed: {}", endpoint, pmgr.engine.Errors.describe(done.getException()), done.getException());
            bot.deliver(new Reply.Say(pmgr.bot.MessageView.of(pmgr.bot.MessageView.embed("Something went wrong",
                    "The command could not be handled; see the log of pmgr serve.", pmgr.bot.MessageView.ERROR)),
                    pmgr.bot.Audience.REQUESTER), conversation);
            return;
        }
        Object reply = done.getMessage().getBody();
        bot.deliver(reply instanceof Reply r ? r : new Reply.Nothing(), conversation);
    }

    private Exchange exchange(String via, String command, net.dv8tion.jda.api.entities.User user, Member member,
                              String channelId, Guild guild) {
        Exchange e = new DefaultExchange(camel);
        var m = e.getMessage();
        m.setHeader(BotHeaders.VIA, via);
        m.setHeader(BotHeaders.COMMAND, command);
        m.setHeader(BotHeaders.USER_ID, user.getId());
        m.setHeader(BotHeaders.USER_NAME, user.getName());
        m.setHeader(BotHeaders.ROLE_IDS, roleIds(member));
        m.setHeader(BotHeaders.CHANNEL_ID, channelId);
        m.setHeader(BotHeaders.DIRECT, guild == null);
        if (guild != null) {
            m.setHeader(BotHeaders.GUILD_ID, guild.getId());
        }
        return e;
    }

    private static List<String> roleIds(Member member) {
        if (member == null) {
            return List.of();
        }
        try {
            return member.getRoles().stream().map(Role::getId).toList();
        } catch (UnsupportedOperationException | IllegalStateException detached) {
            return List.of(); // a member of a guild that is not cached: no roles known
        }
    }

    private final class Listener extends ListenerAdapter {
        @Override
        public void onReady(ReadyEvent event) {
            ready.countDown();
        }

        @Override
        public void onGuildReady(GuildReadyEvent event) {
            joined(event.getGuild());
        }

        @Override
        public void onGuildJoin(GuildJoinEvent event) {
            joined(event.getGuild());
        }

        private void joined(Guild g) {
            Map<String, String> roles = new LinkedHashMap<>();
            g.getRoles().forEach(r -> roles.put(r.getId(), r.getName()));
            Map<String, String> channels = new LinkedHashMap<>();
            g.getTextChannels().forEach(c -> channels.put(c.getId(), c.getName()));
            bot.guildReady(g.getId(), g.getName(), roles, channels);
            g.updateCommands().addCommands(slashCommands()).queue(
                    ok -> LOG.info("bot: {} slash commands registered in guild '{}'", ok.size(), g.getName()),
                    err -> LOG.warn("bot: cannot register the slash commands in guild '{}': {}", g.getName(), err.getMessage()));
        }

        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            Conversation conversation = new SlashConversation(event, settings.interactionTokenLifetime());
            if (!known(event.getName())) {
                bot.deliver(new Reply.Say(pmgr.bot.MessageView.of(pmgr.bot.MessageView.embed("Unknown command",
                        "Try /help.", pmgr.bot.MessageView.ERROR)), pmgr.bot.Audience.REQUESTER), conversation);
                return;
            }
            Exchange e = exchange("slash", event.getName(), event.getUser(), event.getMember(), event.getChannelId(),
                    event.getGuild());
            e.getMessage().setHeader(BotHeaders.SERVER, event.getOption(BotHeaders.SERVER, OptionMapping::getAsString));
            e.getMessage().setHeader(BotHeaders.PLAYER, event.getOption(BotHeaders.PLAYER, OptionMapping::getAsString));
            e.getMessage().setHeader(BotHeaders.HOURS, event.getOption(BotHeaders.HOURS, OptionMapping::getAsString));
            handle("direct:bot." + event.getName(), e, conversation);
        }

        @Override
        public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
            Exchange e = exchange("slash", event.getName(), event.getUser(), event.getMember(), event.getChannelId(),
                    event.getGuild());
            e.getMessage().setHeader(BotHeaders.FOCUSED, event.getFocusedOption().getName());
            e.getMessage().setHeader(BotHeaders.TYPED, event.getFocusedOption().getValue());
            Exchange done = template.send("direct:bot.autocomplete", e);
            List<?> choices = done.getException() == null && done.getMessage().getBody() instanceof List<?> l ? l : List.of();
            event.replyChoiceStrings(choices.stream().map(String::valueOf).toList()).queue(null,
                    err -> LOG.debug("bot: autocomplete answer refused: {}", err.getMessage()));
        }

        @Override
        public void onButtonInteraction(ButtonInteractionEvent event) {
            if (!event.getComponentId().startsWith("pmgr:")) {
                return;
            }
            Exchange e = exchange("button", null, event.getUser(), event.getMember(), event.getChannelId(), event.getGuild());
            e.getMessage().setHeader(BotHeaders.BUTTON, event.getComponentId());
            handle("direct:bot.button", e, new ButtonConversation(event));
        }

        @Override
        public void onMessageReceived(MessageReceivedEvent event) {
            Message message = event.getMessage();
            if (event.getAuthor().isBot() || !settings.prefixCommands() || !message.getContentRaw().startsWith(settings.prefix())) {
                return;
            }
            String[] parts = message.getContentRaw().substring(settings.prefix().length()).trim().split("\\s+");
            String command = parts[0].toLowerCase(java.util.Locale.ROOT);
            if (!known(command)) {
                return; // not a command of ours: just chat
            }
            Exchange e = exchange("prefix", command, event.getAuthor(), event.getMember(), event.getChannel().getId(),
                    event.isFromGuild() ? event.getGuild() : null);
            if (parts.length > 1) {
                e.getMessage().setHeader(BotHeaders.SERVER, parts[1].toLowerCase(java.util.Locale.ROOT));
            }
            if (parts.length > 2) {
                e.getMessage().setHeader(command.equals(BotCommand.KEEP_UP) ? BotHeaders.HOURS : BotHeaders.PLAYER, parts[2]);
            }
            handle("direct:bot." + command, e, new MessageConversation(message));
        }
    }

    @Override
    public void close() {
        if (jda != null) {
            jda.shutdown();
            try {
                if (!jda.awaitShutdown(Duration.ofSeconds(5))) {
                    jda.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                jda.shutdownNow();
            }
        }
        template.stop();
    }
}
