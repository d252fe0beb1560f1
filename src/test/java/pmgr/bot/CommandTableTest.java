package pmgr.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.engine.ModelRegistry;
import pmgr.engine.StartupException;

/** The command table in bot/: the shipped one loads; mistakes are listed with file and key. */
class CommandTableTest {
    static final ModelRegistry REGISTRY = ModelRegistry.load(List.of());

    @Test
    void theShippedTableDeclaresTheCommandsAndWhatEachGameTakes() {
        CommandTable t = CommandTable.load(Path.of("bot"), REGISTRY);
        assertThat(t.commands()).extracting(BotCommand::name).containsExactly("deop", "op", "reboot", "start", "status", "stop", "update", "wake");
        assertThat(t.command("stop").orElseThrow().confirmWhenPlayersOnline()).isTrue();
        assertThat(t.command("start").orElseThrow().confirmWhenPlayersOnline()).isFalse();
        assertThat(t.command("op").orElseThrow().takesPlayer()).isTrue();
        assertThat(t.command("status").orElseThrow().showsStatus()).isTrue();
        assertThat(t.games()).extracting(Game::name, Game::modelType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("minecraft", "minecraft/server"),
                org.assertj.core.groups.Tuple.tuple("terraria", "terraria/server"));
        Game terraria = t.games().get(1);
        assertThat(terraria.supports("update")).isTrue();
        assertThat(terraria.supports("op")).isFalse();
        assertThat(t.games().get(0).supports("update")).as("minecraft has no update").isFalse();
        assertThat(t.games().get(0).supports("wake")).as("a Minecraft server sleeps and wakes").isTrue();
        assertThat(terraria.supports("wake")).isFalse();
    }

    @Test
    void everyMistakeIsNamedWithItsFileAndKey(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("commands.yaml"), """
                - commands:
                    start: {description: Start it}
                    stop: {description: Stop it, confirmWhenPlayersOnline: maybe}
                    Stop!: {description: bad name}
                    list: {description: taken}
                    say: {description: '', colour: red}
                """);
        Files.writeString(dir.resolve("valheim.yaml"), """
                - game:
                    name: valheim
                    modelType: valheim/server
                    commands: [start, fly]
                - route:
                    id: bot.valheim-typo
                    group: bot
                    from: {uri: direct:bot.valheim-typo, steps: [{log: x}]}
                """);
        StartupException e = catchThrowableOfType(StartupException.class, () -> CommandTable.load(dir, REGISTRY));
        // the list of model types grows with the product: the message is checked up to it
        List<String> problems = e.problems().stream().map(p -> p.replaceAll("\\(types: .*minecraft/server.*\\)$", "(types: ...)")).toList();
        assertThat(problems).containsExactlyInAnyOrder(
                "bot/commands.yaml: commands.stop.confirmWhenPlayersOnline must be true or false, got 'maybe'",
                "bot/commands.yaml: commands.Stop!: a command name is 1-32 lower-case letters, digits, '-' or '_'",
                "bot/commands.yaml: commands.list: 'list' is built into the bot",
                "bot/commands.yaml: commands.say: unknown key 'colour' (allowed: confirmWhenPlayersOnline, description, doing, done, player, shows)",
                "bot/commands.yaml: commands.say.description is required: 1-100 characters (Discord shows it)",
                "bot/valheim.yaml: game.modelType 'valheim/server' is not a model type (types: ...)",
                "bot/valheim.yaml: game.commands: 'fly' is not a declared command (commands: start)",
                "bot/valheim.yaml: game 'valheim' needs its route 'bot.valheim' (from direct:bot.valheim) in the same file");
    }
}
