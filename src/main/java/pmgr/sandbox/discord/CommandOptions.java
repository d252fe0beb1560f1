package pmgr.sandbox.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import pmgr.sandbox.discord.Directory.Account;
import pmgr.sandbox.discord.Directory.Channel;
import pmgr.sandbox.discord.Directory.Role;

/**
 * The options of one command use, typed as the registered definition declares them, nested under
 * subcommands, with the users, roles and channels they name in {@code resolved} as Discord sends them.
 */
final class CommandOptions {
    private static final int SUB_COMMAND = 1;
    private static final int SUB_COMMAND_GROUP = 2;
    private static final int STRING = 3;
    private static final int INTEGER = 4;
    private static final int BOOLEAN = 5;
    private static final int USER = 6;
    private static final int CHANNEL = 7;
    private static final int ROLE = 8;
    private static final int MENTIONABLE = 9;
    private static final int NUMBER = 10;

    private final DiscordState state;
    private final Account user;
    private final boolean autocomplete;
    private final JsonMap resolved = new JsonMap();

    CommandOptions(DiscordState state, Account user, boolean autocomplete) {
        this.state = state;
        this.user = user;
        this.autocomplete = autocomplete;
    }

    /** @param words the command name followed by the subcommand group and/or subcommand names */
    List<Map<String, Object>> forPath(JsonMap definition, String[] words, Map<String, Object> given,
            String focused) {
        List<Map<String, Object>> level = declared(definition);
        List<JsonMap> subcommands = new ArrayList<>();
        for (int i = 1; i < words.length; i++) {
            String word = words[i];
            Map<String, Object> sub = level.stream()
                    .filter(o -> word.equals(o.get("name")) && isSubcommand(o.get("type"))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("/" + String.join(" ", words)
                            + ": no subcommand '" + word + "'"));
            subcommands.add(new JsonMap().with("name", word).with("type", sub.get("type")));
            level = declared(sub);
        }
        List<Map<String, Object>> options = values(level, given == null ? Map.of() : given, focused,
                String.join(" ", words));
        for (int i = subcommands.size() - 1; i >= 0; i--) {
            options = List.of(subcommands.get(i).with("options", options));
        }
        return options;
    }

    JsonMap resolved() {
        return resolved;
    }

    private List<Map<String, Object>> values(List<Map<String, Object>> declared, Map<String, Object> given,
            String focused, String command) {
        List<Map<String, Object>> values = new ArrayList<>();
        for (Map.Entry<String, Object> option : given.entrySet()) {
            Map<String, Object> declaration = declared.stream().filter(d -> option.getKey().equals(d.get("name")))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("/" + command + " has no option '"
                            + option.getKey() + "'; it has " + declared.stream().map(d -> d.get("name")).toList()));
            int type = ((Number) declaration.get("type")).intValue();
            boolean isFocused = option.getKey().equals(focused);
            JsonMap value = new JsonMap().with("name", option.getKey()).with("type", type)
                    .with("value", isFocused ? String.valueOf(option.getValue()) : typed(type, option.getValue()));
            if (isFocused) {
                value.with("focused", true);
            }
            values.add(value);
        }
        for (Map<String, Object> declaration : declared) {
            if (!autocomplete && Boolean.TRUE.equals(declaration.get("required"))
                    && !given.containsKey(String.valueOf(declaration.get("name")))) {
                throw new IllegalArgumentException("/" + command + " needs option '" + declaration.get("name") + "'");
            }
        }
        return values;
    }

    private Object typed(int type, Object value) {
        String text = String.valueOf(value);
        return switch (type) {
            case STRING -> text;
            case INTEGER -> value instanceof Number n ? n.longValue() : Long.parseLong(text);
            case BOOLEAN -> value instanceof Boolean b ? b : Boolean.parseBoolean(text);
            case NUMBER -> value instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
            case USER -> resolveUser(text);
            case ROLE -> resolveRole(text);
            case MENTIONABLE -> state.directory.findAccount(text).isPresent() || state.directory.accountById(text)
                    .isPresent() ? resolveUser(text) : resolveRole(text);
            case CHANNEL -> resolveChannel(text);
            default -> throw new IllegalArgumentException("option type " + type + " is not supported by the fake");
        };
    }

    private String resolveUser(String nameOrId) {
        Directory directory = state.directory;
        Account account = directory.accountById(nameOrId).orElseGet(() -> directory.accountNamed(nameOrId));
        section("users").put(account.id(), state.entities.user(account));
        directory.member(account.id()).ifPresent(member -> section("members").put(account.id(),
                state.entities.memberWithoutUser(member)
                        .with("permissions", Long.toString(directory.permissions(member)))));
        return account.id();
    }

    private String resolveRole(String nameOrId) {
        Role role = state.directory.roleById(nameOrId).orElseGet(() -> state.directory.roleNamed(nameOrId));
        section("roles").put(role.id(), state.entities.role(role));
        return role.id();
    }

    private String resolveChannel(String nameOrId) {
        Channel channel = state.directory.channelByNameOrId(nameOrId);
        long permissions = state.directory.member(user.id()).map(state.directory::permissions).orElse(0L);
        section("channels").put(channel.id(), state.entities.channel(channel)
                .with("permissions", Long.toString(permissions)));
        return channel.id();
    }

    private JsonMap section(String name) {
        return (JsonMap) resolved.computeIfAbsent(name, n -> new JsonMap());
    }

    private static List<Map<String, Object>> declared(Map<String, Object> parent) {
        return parent.get("options") instanceof List<?> list ? Json.asObjects(list) : List.of();
    }

    private static boolean isSubcommand(Object type) {
        return Objects.equals(type, SUB_COMMAND) || Objects.equals(type, SUB_COMMAND_GROUP);
    }
}
