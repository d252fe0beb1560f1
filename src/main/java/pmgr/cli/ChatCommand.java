package pmgr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pmgr.api.ApiException;
import pmgr.api.HttpEngineApi;

/**
 * {@code pmgr chat}: says something to the bot in the sandbox's fake Discord (through a running
 * {@code serve --sandbox}) as someone, and prints the bot's answer as it changes: the message, one
 * line per step change, then the final message as text.
 */
@Command(name = "chat", description = "Give the bot a command in the sandbox's Discord (needs serve --sandbox) and show its answer as it changes. "
        + "Exit 0 when the answer is a success, 1 on failure or refusal, 2 on bad usage.")
final class ChatCommand extends CliSupport implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "COMMAND", description = "A slash command ('/status server:allthemons') or a prefix one ('!start allthemons').")
    String command;
    @Option(names = "--as", description = "Who says it (default alice; seeded: alice and bob with the role homie, mallory without).")
    String as = "alice";
    @Option(names = "--roles", split = ",", description = "Their roles, e.g. homie (default: the ones they have).")
    List<String> roles;
    @Option(names = "--channel", description = "Where (default clankers; also general).")
    String channel = "clankers";
    @Option(names = "--press", description = "Press this button when it appears, e.g. Confirm.")
    String press;

    @Override
    public Integer call() {
        HttpEngineApi api = Backend.server(settings(), Backend.cliOrigin(), "chat");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("as", as);
        body.put("channel", channel);
        body.put("command", command);
        if (roles != null) {
            body.put("roles", roles);
        }
        if (press != null) {
            body.put("press", press);
        }
        String id;
        try {
            id = api.call("POST", "/api/sandbox/chat", body).path("id").asText();
        } catch (ApiException e) {
            if (e.status() == 404) {
                throw new IllegalArgumentException("chat works with pmgr serve --sandbox (this serve has no fake Discord)");
            }
            throw e;
        }
        Map<String, List<String>> shown = new HashMap<>();
        Map<String, String> titles = new HashMap<>();
        JsonNode last = null;
        int seen = 0;
        while (true) {
            JsonNode page = api.call("GET", "/api/sandbox/chat/" + id + "?after=" + seen, null);
            for (JsonNode event : page.path("events")) {
                seen = event.path("seq").asInt();
                printChange(event, shown, titles);
                last = event;
            }
            if (page.path("done").asBoolean()) {
                String outcome = page.path("outcome").asText();
                out().println("--");
                if (last == null) {
                    out().println("(" + outcome + ": the bot did not answer)");
                } else {
                    printMessage(last);
                }
                out().flush();
                return "success".equals(outcome) ? PmgrCli.OK : PmgrCli.RUN_FAILED;
            }
        }
    }

    /** A new message in full; an edit as the lines that changed. */
    private void printChange(JsonNode event, Map<String, List<String>> shown, Map<String, String> titles) {
        String message = event.path("messageId").asText();
        String title = event.path("title").asText("");
        List<String> lines = event.path("description").isTextual() ? List.of(event.path("description").asText().split("\n")) : List.of();
        List<String> before = shown.get(message);
        if (before == null) {
            if (event.path("loading").asBoolean()) {
                out().println("bot: (thinking...)");
                shown.put(message, List.of());
                out().flush();
                return;
            }
            out().println("bot" + (event.path("ephemeral").asBoolean() ? " (only you)" : "") + ": " + title);
            lines.forEach(l -> out().println("  " + l));
        } else {
            if (!title.equals(titles.get(message))) {
                out().println("bot: " + title);
            }
            for (String l : lines) {
                if (!before.contains(l)) {
                    out().println("  " + l);
                }
            }
        }
        shown.put(message, new ArrayList<>(lines));
        titles.put(message, title);
        out().flush();
    }

    private void printMessage(JsonNode m) {
        out().println(m.path("title").asText(""));
        if (m.path("description").isTextual()) {
            out().println(m.path("description").asText());
        }
        for (JsonNode f : m.path("fields")) {
            out().println(f.path("name").asText() + ":");
            out().println(f.path("value").asText());
        }
        if (m.path("footer").isTextual()) {
            out().println(m.path("footer").asText());
        }
        if (!m.path("buttons").isEmpty()) {
            List<String> labels = new ArrayList<>();
            m.path("buttons").forEach(b -> labels.add("[" + b.asText() + "]"));
            out().println(String.join(" ", labels));
        }
    }
}
