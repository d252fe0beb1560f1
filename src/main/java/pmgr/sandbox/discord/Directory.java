package pmgr.sandbox.discord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The one guild with its roles, text channels and members, every known user, and the DM channels. */
final class Directory {
    static final long VIEW_CHANNEL = 1L << 10;
    static final long SEND_MESSAGES = 1L << 11;
    static final long MANAGE_MESSAGES = 1L << 13;
    static final long ADMINISTRATOR = 1L << 3;
    static final long ALL_PERMISSIONS = (1L << 51) - 1;
    /** What @everyone may do in a new server: see, talk, embed, attach, react, read history, use commands. */
    static final long EVERYONE_PERMISSIONS = 1L | (1L << 6) | VIEW_CHANNEL | SEND_MESSAGES | (1L << 14) | (1L << 15)
            | (1L << 16) | (1L << 18) | (1L << 20) | (1L << 21) | (1L << 25) | (1L << 26) | (1L << 31) | (1L << 38);
    static final int GUILD_TEXT = 0;
    static final int DM = 1;

    record Account(String id, String name, String globalName, boolean bot) {
    }

    /** @param botId set for the role Discord manages for a bot's integration */
    record Role(String id, String name, int position, long permissions, String botId) {
    }

    /** @param recipientId the other user of a DM channel, null for guild channels */
    record Channel(String id, String name, int type, int position, String recipientId) {
        boolean inGuild() {
            return type != DM;
        }
    }

    record Member(String userId, List<String> roleIds, Instant joinedAt) {
    }

    final String guildId;
    final String guildName;
    final String applicationId;
    final Account bot;
    private final Supplier<String> ids;
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, Member> members = new LinkedHashMap<>();
    private String ownerId;

    Directory(Supplier<String> ids, String guildName, String botName, Instant now) {
        this.ids = ids;
        this.guildName = guildName;
        this.guildId = ids.get();
        this.applicationId = ids.get();
        this.bot = new Account(ids.get(), botName, "Proxmox Manager", true);
        accounts.put(bot.id(), bot);
        roles.put(guildId, new Role(guildId, "@everyone", 0, EVERYONE_PERMISSIONS, null));
        members.put(bot.id(), new Member(bot.id(), List.of(addRole(botName, EVERYONE_PERMISSIONS | MANAGE_MESSAGES,
                bot.id())), now));
    }

    String addRole(String name, long permissions, String botId) {
        Role role = new Role(ids.get(), name, roles.size(), permissions, botId);
        roles.put(role.id(), role);
        return role.id();
    }

    void addTextChannel(String name) {
        Channel channel = new Channel(ids.get(), name, GUILD_TEXT, channels.size(), null);
        channels.put(channel.id(), channel);
    }

    /** Adds the user if new; returns the account. */
    Account account(String name, boolean isBot) {
        return findAccount(name).orElseGet(() -> {
            Account account = new Account(ids.get(), name, capitalised(name), isBot);
            accounts.put(account.id(), account);
            return account;
        });
    }

    /** Adds or replaces the member; returns true if the user was not a member before. */
    boolean putMember(String userId, List<String> roleIds, Instant now) {
        Member before = members.get(userId);
        members.put(userId, new Member(userId, List.copyOf(roleIds),
                before == null ? now : before.joinedAt()));
        return before == null;
    }

    void setOwner(String userId) {
        this.ownerId = userId;
    }

    String ownerId() {
        return ownerId;
    }

    /** The DM channel with a user, opened on first use as Discord does. */
    Channel dmWith(String userId) {
        return channels.values().stream()
                .filter(c -> c.type() == DM && c.recipientId().equals(userId))
                .findFirst()
                .orElseGet(() -> {
                    Channel dm = new Channel(ids.get(), null, DM, 0, userId);
                    channels.put(dm.id(), dm);
                    return dm;
                });
    }

    Optional<Account> findAccount(String name) {
        return accounts.values().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    Account accountNamed(String name) {
        return findAccount(name).orElseThrow(() -> unknown("user", name, accounts.values().stream()
                .map(Account::name).toList()));
    }

    /** The account of a guild member, by name. */
    Account memberAccount(String name) {
        Account account = accountNamed(name);
        if (!members.containsKey(account.id())) {
            throw new IllegalArgumentException(name + " is not a member of " + guildName);
        }
        return account;
    }

    Optional<Account> accountById(String id) {
        return Optional.ofNullable(accounts.get(id));
    }

    Role roleNamed(String name) {
        return roles.values().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> unknown("role", name, roles.values().stream().map(Role::name).toList()));
    }

    Optional<Role> roleById(String id) {
        return Optional.ofNullable(roles.get(id));
    }

    Collection<Role> roles() {
        return roles.values();
    }

    Channel guildChannelNamed(String name) {
        return channels.values().stream().filter(c -> c.inGuild() && c.name().equals(name)).findFirst()
                .orElseThrow(() -> unknown("channel", name, guildChannels().stream().map(Channel::name).toList()));
    }

    /** A guild channel by name, or any channel (guild or DM) by id. */
    Channel channelByNameOrId(String nameOrId) {
        Channel byId = channels.get(nameOrId);
        return byId != null ? byId : guildChannelNamed(nameOrId);
    }

    Optional<Channel> channelById(String id) {
        return Optional.ofNullable(channels.get(id));
    }

    List<Channel> guildChannels() {
        return channels.values().stream().filter(Channel::inGuild).toList();
    }

    Optional<Member> member(String userId) {
        return Optional.ofNullable(members.get(userId));
    }

    Collection<Member> members() {
        return members.values();
    }

    /** Guild-wide permissions: @everyone plus the member's roles; the owner and administrators have all. */
    long permissions(Member member) {
        if (member.userId().equals(ownerId)) {
            return ALL_PERMISSIONS;
        }
        long granted = roles.get(guildId).permissions();
        for (String roleId : member.roleIds()) {
            granted |= roles.get(roleId).permissions();
        }
        return (granted & ADMINISTRATOR) != 0 ? ALL_PERMISSIONS : granted;
    }

    List<String> roleIdsNamed(List<String> roleNames) {
        List<String> found = new ArrayList<>();
        for (String name : roleNames) {
            found.add(roleNamed(name).id());
        }
        return found;
    }

    private static IllegalArgumentException unknown(String what, String name, List<String> known) {
        return new IllegalArgumentException("no " + what + " named '" + name + "'; known: " + known);
    }

    private static String capitalised(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
