package pmgr.sandbox.discord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The application's commands, global and for the guild, as Discord stores them: each definition with an
 * id (kept across overwrites for the same name and type), application_id, version and defaults filled in.
 */
final class CommandRegistry {
    private static final String GLOBAL = "global";
    private final Directory directory;
    private final Snowflakes ids;
    private final Map<String, List<JsonMap>> byScope = new LinkedHashMap<>();

    CommandRegistry(Directory directory, Snowflakes ids) {
        this.directory = directory;
        this.ids = ids;
    }

    /** Bulk overwrite: the list becomes the scope's commands; returns them as stored. */
    List<JsonMap> overwrite(String guildId, List<Map<String, Object>> definitions) {
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> definition : definitions) {
            requireName(definition);
            if (!seen.add(key(definition))) {
                throw RestError.invalidField("_errors", "APPLICATION_COMMANDS_DUPLICATE_NAME",
                        "Application command names must be unique");
            }
        }
        List<JsonMap> stored = new ArrayList<>();
        for (Map<String, Object> definition : definitions) {
            stored.add(stored(guildId, definition, existing(guildId, definition).map(c -> (String) c.get("id"))
                    .orElseGet(ids::next)));
        }
        byScope.put(scope(guildId), stored);
        return List.copyOf(stored);
    }

    /** Create or replace one command by name and type. */
    JsonMap upsert(String guildId, Map<String, Object> definition) {
        requireName(definition);
        List<JsonMap> commands = byScope.computeIfAbsent(scope(guildId), s -> new ArrayList<>());
        Optional<JsonMap> before = existing(guildId, definition);
        JsonMap command = stored(guildId, definition, before.map(c -> (String) c.get("id")).orElseGet(ids::next));
        before.ifPresentOrElse(b -> commands.set(commands.indexOf(b), command), () -> commands.add(command));
        return command;
    }

    JsonMap edit(String guildId, String commandId, Map<String, Object> changes) {
        JsonMap before = byId(guildId, commandId);
        JsonMap merged = new JsonMap(before);
        merged.putAll(changes);
        JsonMap command = stored(guildId, merged, commandId);
        List<JsonMap> commands = byScope.get(scope(guildId));
        commands.set(commands.indexOf(before), command);
        return command;
    }

    void delete(String guildId, String commandId) {
        byScope.get(scope(guildId)).remove(byId(guildId, commandId));
    }

    List<JsonMap> list(String guildId) {
        return List.copyOf(byScope.getOrDefault(scope(guildId), List.of()));
    }

    JsonMap byId(String guildId, String commandId) {
        return byScope.getOrDefault(scope(guildId), List.of()).stream()
                .filter(c -> commandId.equals(c.get("id"))).findFirst()
                .orElseThrow(RestError::unknownCommand);
    }

    /** Commands usable in the guild: its own first, then the global ones. */
    List<JsonMap> usableInGuild() {
        List<JsonMap> usable = new ArrayList<>(list(directory.guildId));
        usable.addAll(list(null));
        return usable;
    }

    Optional<JsonMap> slashCommandNamed(String name) {
        return usableInGuild().stream()
                .filter(c -> name.equals(c.get("name")) && Objects.equals(c.get("type"), 1))
                .findFirst();
    }

    private JsonMap stored(String guildId, Map<String, Object> definition, String id) {
        JsonMap command = new JsonMap()
                .with("id", id)
                .with("application_id", directory.applicationId)
                .with("version", ids.next())
                .with("default_member_permissions", definition.get("default_member_permissions"))
                .with("type", definition.getOrDefault("type", 1))
                .with("name", definition.get("name"))
                .with("name_localizations", definition.get("name_localizations"))
                .with("description", definition.getOrDefault("description", ""))
                .with("description_localizations", definition.get("description_localizations"))
                .with("options", definition.getOrDefault("options", List.of()))
                .with("contexts", definition.get("contexts"))
                .with("integration_types", definition.getOrDefault("integration_types", List.of(0)))
                .with("nsfw", definition.getOrDefault("nsfw", false));
        if (guildId != null) {
            command.with("guild_id", guildId);
        } else {
            command.with("dm_permission", definition.getOrDefault("dm_permission", true));
        }
        return command;
    }

    private Optional<JsonMap> existing(String guildId, Map<String, Object> definition) {
        return byScope.getOrDefault(scope(guildId), List.of()).stream()
                .filter(c -> key(c).equals(key(definition))).findFirst();
    }

    private static void requireName(Map<String, Object> definition) {
        if (!(definition.get("name") instanceof String)) {
            throw RestError.invalidField("name", "BASE_TYPE_REQUIRED", "This field is required");
        }
    }

    private static String key(Map<String, Object> command) {
        return command.getOrDefault("type", 1) + ":" + command.get("name");
    }

    private static String scope(String guildId) {
        return guildId == null ? GLOBAL : guildId;
    }
}
