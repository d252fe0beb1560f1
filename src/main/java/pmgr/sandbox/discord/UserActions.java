package pmgr.sandbox.discord;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import pmgr.sandbox.discord.Directory.Account;
import pmgr.sandbox.discord.Directory.Channel;

/** What people in the guild do: use commands, click buttons, write messages, join. Callers hold the state lock. */
final class UserActions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BUTTON = 2;
    private final DiscordState state;
    private final Gateway gateway;
    private final Messaging messaging;
    private final InteractionJson json;

    UserActions(DiscordState state, Gateway gateway, Messaging messaging) {
        this.state = state;
        this.gateway = gateway;
        this.messaging = messaging;
        this.json = new InteractionJson(state);
    }

    /** @param command the command name, with subcommand group and subcommand after spaces ("vm power start") */
    Interaction command(String user, String channelName, String command, Map<String, Object> options,
            String focusedOption) {
        requireSession();
        Account account = state.directory.memberAccount(user);
        Channel channel = state.directory.guildChannelNamed(channelName);
        String[] words = command.trim().split("\\s+");
        JsonMap definition = state.commands.slashCommandNamed(words[0]).orElseThrow(() -> new IllegalArgumentException(
                "no slash command /" + words[0] + " is registered; registered: " + state.commands.usableInGuild()
                        .stream().map(c -> c.get("name")).toList()));
        CommandOptions built = new CommandOptions(state, account, focusedOption != null);
        List<Map<String, Object>> values = built.forPath(definition, words, options, focusedOption);
        IssuedInteraction interaction = issue(focusedOption == null ? IssuedInteraction.APPLICATION_COMMAND
                : IssuedInteraction.AUTOCOMPLETE, command.trim(), channel, account.id(), null);
        JsonMap payload = json.command(interaction, channel, definition, values, built.resolved());
        gateway.dispatch("INTERACTION_CREATE", s -> payload);
        return interaction.snapshot();
    }

    Interaction button(String user, String messageId, String customId) {
        requireSession();
        StoredMessage message = state.messages.find(messageId)
                .orElseThrow(() -> new IllegalArgumentException("no message " + messageId));
        List<Map<String, Object>> buttons = new ArrayList<>();
        collectButtons(message.components, buttons);
        Map<String, Object> button = buttons.stream().filter(b -> customId.equals(b.get("custom_id"))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("message " + messageId + " has no button '"
                        + customId + "'; its buttons: " + buttons.stream().map(b -> b.get("custom_id")).toList()));
        Channel channel = state.directory.channelById(message.channelId).orElseThrow();
        Account account = channel.inGuild() ? state.directory.memberAccount(user) : state.directory.accountNamed(user);
        IssuedInteraction interaction = issue(IssuedInteraction.MESSAGE_COMPONENT, customId, channel, account.id(),
                message.id);
        JsonMap payload = json.buttonClick(interaction, channel, message, button);
        gateway.dispatch("INTERACTION_CREATE", s -> payload);
        return interaction.snapshot();
    }

    InboundMessage message(String user, String channelName, String content) {
        requireSession();
        Account author = state.directory.memberAccount(user);
        return post(state.directory.guildChannelNamed(channelName), author, content);
    }

    InboundMessage directMessage(String user, String content) {
        requireSession();
        Account author = state.directory.accountNamed(user);
        if (author.bot()) {
            throw new IllegalArgumentException(user + " is a bot; bots cannot DM bots");
        }
        return post(state.directory.dmWith(author.id()), author, content);
    }

    /** Adds or updates a member; the bot hears of it only with the GUILD_MEMBERS intent, as on Discord. */
    String member(String name, List<String> roleNames, boolean bot) {
        Account account = state.directory.account(name, bot);
        List<String> roleIds = state.directory.roleIdsNamed(roleNames);
        boolean joined = state.directory.putMember(account.id(), roleIds, state.now());
        JsonMap data = state.entities.member(state.directory.member(account.id()).orElseThrow())
                .with("guild_id", state.directory.guildId);
        gateway.dispatch(joined ? "GUILD_MEMBER_ADD" : "GUILD_MEMBER_UPDATE",
                s -> s.hasIntent(Gateway.GUILD_MEMBERS) ? data : null);
        return account.id();
    }

    private InboundMessage post(Channel channel, Account author, String content) {
        StoredMessage message = messaging.create(channel, author.id(), StoredMessage.DEFAULT, null, null,
                new MessageContent(content, List.of(), List.of(), List.of(), 0, false));
        return new InboundMessage(message.id, channel.id(), author.id(), content, message.createdAt,
                System.nanoTime());
    }

    private IssuedInteraction issue(int type, String name, Channel channel, String userId, String messageId) {
        String id = state.ids.next();
        IssuedInteraction interaction = new IssuedInteraction(id, token(id), type, name, channel.id(), userId,
                messageId, state.now(), System.nanoTime());
        state.interactions.add(interaction);
        return interaction;
    }

    private void requireSession() {
        if (!gateway.hasSession()) {
            throw new IllegalStateException("no bot is connected: nothing has identified on the gateway yet");
        }
    }

    /** Interaction tokens look like Discord's: base64 of "interaction:<id>:<secret>". */
    private static String token(String id) {
        byte[] secret = new byte[48];
        RANDOM.nextBytes(secret);
        String plain = "interaction:" + id + ":" + HexFormat.of().formatHex(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static void collectButtons(Object node, List<Map<String, Object>> found) {
        if (node instanceof List<?> list) {
            list.forEach(child -> collectButtons(child, found));
        } else if (node instanceof Map<?, ?> raw) {
            Map<String, Object> component = Json.asObject(raw);
            if (Objects.equals(component.get("type"), BUTTON) && component.get("custom_id") != null) {
                found.add(component);
            }
            collectButtons(component.get("components"), found);
            Optional.ofNullable(component.get("accessory")).ifPresent(a -> collectButtons(a, found));
        }
    }
}
