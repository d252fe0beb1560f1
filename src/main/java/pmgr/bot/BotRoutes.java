package pmgr.bot;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import pmgr.engine.CamelYamlFile;
import pmgr.engine.StartupException;

/**
 * The bot's routes (group {@code bot}, as Hawtio shows them): the command table's files from
 * {@code bot/} (each game's route {@code bot.<game>}), and {@code direct:bot.<command>} for every
 * command, plus {@code help}, {@code list}, {@code autocomplete} and {@code button}. The JDA adapter
 * sends each Discord event to one of these.
 */
public final class BotRoutes extends RouteBuilder {
    private final Bot bot;
    private final CommandTable table;

    BotRoutes(Bot bot, CommandTable table) {
        this.bot = bot;
        this.table = table;
    }

    @Override
    public void configure() throws Exception {
        List<Resource> files = new ArrayList<>();
        for (CamelYamlFile f : table.files()) {
            if (f.hasCamelItems()) {
                files.add(ResourceHelper.fromString("file:" + f.file, f.camelText));
            }
        }
        try {
            PluginHelper.getRoutesLoader(getContext()).loadRoutes(files);
        } catch (Exception e) {
            throw new StartupException("the bot's routes could not be loaded", List.of(String.valueOf(e.getMessage())));
        }
        checkGameRoutes();
        for (BotCommand c : table.commands()) {
            from("direct:bot." + c.name()).routeId("bot." + c.name()).routeGroup("bot")
                    .routeDescription("/" + c.name() + ": " + c.description())
                    .process(e -> bot.command(e, c));
        }
        from("direct:bot.help").routeId("bot.help").routeGroup("bot").routeDescription("/help: the commands")
                .process(bot::help);
        from("direct:bot.list").routeId("bot.list").routeGroup("bot")
                .routeDescription("/list: the game servers, their VMs and players").process(bot::list);
        from("direct:bot." + BotCommand.KEEP_UP).routeId("bot." + BotCommand.KEEP_UP).routeGroup("bot")
                .routeDescription("/keepup: no idle power-down of a server for a while").process(bot::keepUp);
        from("direct:bot.autocomplete").routeId("bot.autocomplete").routeGroup("bot")
                .routeDescription("The servers a command may name").process(bot::autocomplete);
        from("direct:bot.button").routeId("bot.button").routeGroup("bot")
                .routeDescription("Confirm, Cancel or Keep it up pressed").process(bot::button);
    }

    private void checkGameRoutes() {
        Model model = getContext().getCamelContextExtension().getContextPlugin(Model.class);
        List<String> problems = new ArrayList<>();
        for (Game g : table.games()) {
            RouteDefinition r = model.getRouteDefinition(g.routeId());
            String from = r == null || r.getInput() == null ? null : r.getInput().getEndpointUri();
            if (!g.endpoint().equals(from)) {
                problems.add("bot: route '" + g.routeId() + "' must start from '" + g.endpoint() + "', not '" + from + "'");
            }
            if (r != null && !"bot".equals(r.getGroup())) {
                problems.add("bot: route '" + g.routeId() + "' needs 'group: bot'");
            }
        }
        if (!problems.isEmpty()) {
            throw new StartupException("the bot's command table is not valid", problems);
        }
    }
}
