package pmgr.bot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import pmgr.engine.CamelYamlFile;
import pmgr.engine.ModelRegistry;
import pmgr.engine.StartupException;

/**
 * The bot's command table, read from {@code bot/*.yaml} at start: the commands
 * ({@code - commands:}, once) and the kinds of game server ({@code - game:}, one per file, beside
 * the route {@code bot.<game>} that runs each command). Every problem names the file and key.
 */
public final class CommandTable {
    private static final Set<String> HEADERS = Set.of("commands", "game");
    private static final Set<String> COMMAND_KEYS = Set.of("description", "player", "confirmWhenPlayersOnline", "shows",
            "doing", "done");
    private static final Set<String> GAME_KEYS = Set.of("name", "modelType", "commands");
    /** Discord's rule for command names (lower case). */
    private static final Pattern COMMAND_NAME = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final Pattern GAME_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final Map<String, BotCommand> commands;
    private final Map<String, Game> games;
    private final List<CamelYamlFile> files;

    private CommandTable(Map<String, BotCommand> commands, Map<String, Game> games, List<CamelYamlFile> files) {
        this.commands = commands;
        this.games = games;
        this.files = files;
    }

    public static CommandTable load(Path dir, ModelRegistry registry) {
        List<String> problems = new ArrayList<>();
        List<CamelYamlFile> files = new ArrayList<>();
        try {
            for (Path f : CamelYamlFile.inFolder(dir)) {
                CamelYamlFile yaml = CamelYamlFile.read(f, "bot/" + f.getFileName(), Files.readString(f), HEADERS, problems);
                if (yaml != null) {
                    files.add(yaml);
                }
            }
        } catch (IOException e) {
            throw new StartupException("the bot's command table cannot be read", List.of(dir + ": " + e.getMessage()));
        }
        Map<String, BotCommand> commands = new LinkedHashMap<>();
        String declaredIn = null;
        for (CamelYamlFile f : files) {
            Map<String, Object> header = f.header("commands", problems);
            if (header == null) {
                continue;
            }
            if (declaredIn != null) {
                problems.add(f.where + ": '- commands:' is already declared in " + declaredIn);
                continue;
            }
            declaredIn = f.where;
            header.forEach((name, spec) -> {
                BotCommand c = command(f.where + ": commands." + name, name, spec, problems);
                if (c != null) {
                    commands.put(name, c);
                }
            });
        }
        Map<String, Game> games = new LinkedHashMap<>();
        for (CamelYamlFile f : files) {
            Map<String, Object> header = f.header("game", problems);
            if (header == null) {
                if (f.headers.isEmpty() && !f.routeIds.isEmpty()) {
                    problems.add(f.where + ": a file of bot/ declares '- commands:' or one '- game:' with its route");
                }
                continue;
            }
            Game g = game(f, header, registry, commands, problems);
            if (g != null && games.putIfAbsent(g.name(), g) != null) {
                problems.add(f.where + ": game '" + g.name() + "' is declared twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new StartupException("the bot's command table (" + dir + ") is not valid", problems);
        }
        return new CommandTable(Map.copyOf(commands), games, List.copyOf(files));
    }

    @SuppressWarnings("unchecked")
    private static BotCommand command(String at, String name, Object spec, List<String> problems) {
        int before = problems.size();
        if (!COMMAND_NAME.matcher(name).matches()) {
            problems.add(at + ": a command name is 1-32 lower-case letters, digits, '-' or '_'");
        }
        if (BotCommand.BUILT_IN.contains(name)) {
            problems.add(at + ": '" + name + "' is built into the bot");
        }
        if (!(spec instanceof Map<?, ?>)) {
            problems.add(at + " must be a map with description (and player, confirmWhenPlayersOnline, shows, doing, done)");
            return null;
        }
        Map<String, Object> m = (Map<String, Object>) spec;
        for (String k : m.keySet()) {
            if (!COMMAND_KEYS.contains(k)) {
                problems.add(at + ": unknown key '" + k + "' (allowed: " + String.join(", ", new TreeSet<>(COMMAND_KEYS)) + ")");
            }
        }
        String description = m.get("description") instanceof String s ? s.trim() : "";
        if (description.isEmpty() || description.length() > 100) {
            problems.add(at + ".description is required: 1-100 characters (Discord shows it)");
        }
        boolean player = flag(at + ".player", m.get("player"), problems);
        boolean confirm = flag(at + ".confirmWhenPlayersOnline", m.get("confirmWhenPlayersOnline"), problems);
        Object shows = m.getOrDefault("shows", "progress");
        if (!"progress".equals(shows) && !"status".equals(shows)) {
            problems.add(at + ".shows must be progress or status, got '" + shows + "'");
        }
        String doing = text(m.get("doing"), capitalised(name));
        String done = text(m.get("done"), capitalised(name));
        return problems.size() > before ? null
                : new BotCommand(name, description, player, confirm, "status".equals(shows), doing, done);
    }

    @SuppressWarnings("unchecked")
    private static Game game(CamelYamlFile f, Map<String, Object> header, ModelRegistry registry,
                             Map<String, BotCommand> commands, List<String> problems) {
        String at = f.where + ": game";
        int before = problems.size();
        for (String k : header.keySet()) {
            if (!GAME_KEYS.contains(k)) {
                problems.add(at + ": unknown key '" + k + "' (allowed: " + String.join(", ", new TreeSet<>(GAME_KEYS)) + ")");
            }
        }
        String name = header.get("name") instanceof String s ? s : "";
        if (!GAME_NAME.matcher(name).matches()) {
            problems.add(at + ".name is required: lower-case letters, digits and '-', e.g. minecraft");
        }
        String modelType = header.get("modelType") instanceof String s ? s : "";
        if (registry.get(modelType).isEmpty()) {
            problems.add(at + ".modelType '" + modelType + "' is not a model type (types: "
                    + String.join(", ", registry.all().stream().map(t -> t.type()).sorted().toList()) + ")");
        }
        List<String> names = new ArrayList<>();
        if (!(header.get("commands") instanceof List<?> l) || l.isEmpty()) {
            problems.add(at + ".commands must list the commands this game takes, e.g. [start, stop, status]");
        } else {
            for (Object c : l) {
                if (!commands.containsKey(String.valueOf(c))) {
                    problems.add(at + ".commands: '" + c + "' is not a declared command (commands: "
                            + String.join(", ", new TreeSet<>(commands.keySet())) + ")");
                } else {
                    names.add(String.valueOf(c));
                }
            }
        }
        String routeId = "bot." + name;
        if (!f.routeIds.contains(routeId)) {
            problems.add(f.where + ": game '" + name + "' needs its route '" + routeId + "' (from direct:" + routeId
                    + ") in the same file");
        }
        return problems.size() > before ? null : new Game(name, modelType, List.copyOf(names));
    }

    private static boolean flag(String at, Object value, List<String> problems) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        problems.add(at + " must be true or false, got '" + value + "'");
        return false;
    }

    private static String text(Object value, String fallback) {
        return value instanceof String s && !s.isBlank() ? s.trim() : fallback;
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    public Optional<BotCommand> command(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    /** The declared commands, in name order. */
    public List<BotCommand> commands() {
        return commands.values().stream().sorted(java.util.Comparator.comparing(BotCommand::name)).toList();
    }

    public List<Game> games() {
        return List.copyOf(games.values());
    }

    /** The files' Camel text (their pmgr items commented out), for Camel to load. */
    public List<CamelYamlFile> files() {
        return files;
    }
}
