package pmgr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import pmgr.api.EngineApi;
import pmgr.common.Poll;
import pmgr.config.Durations;

/**
 * Follows a run and prints a compact log while it progresses: each step as it starts and ends, the
 * lines its methods log, and the outcome. Works the same for a local engine and a server (it polls
 * the run's record).
 */
final class RunPrinter {
    /** How long one look at a run waits for its end: progress lines show at least this often. */
    private static final Duration LOOK = Duration.ofMillis(200);

    private final PrintWriter out;
    private final Set<Integer> started = new HashSet<>();
    private final Set<Integer> finished = new HashSet<>();
    private final Set<Integer> logs = new HashSet<>();

    RunPrinter(PrintWriter out) {
        this.out = out;
    }

    /**
     * Follows the run until it ends (bounded by {@code limit}); prints progress unless quiet. Each look
     * waits for the end up to {@link #LOOK}, so the end shows when it comes. Returns the final run.
     */
    JsonNode follow(EngineApi api, String runId, boolean quiet, Duration limit) throws InterruptedException {
        return Poll.within(limit, Duration.ZERO).until(() -> {
            JsonNode run = api.awaitRun(runId, LOOK);
            if (!quiet) {
                print(run);
            }
            return "RUNNING".equals(run.path("status").asText()) ? Optional.<JsonNode>empty() : Optional.of(run);
        }).orElseThrow(() -> new IllegalStateException("gave up following run " + runId + " after " + Durations.format(limit)
                + "; it goes on: pmgr run get " + runId));
    }

    void print(JsonNode run) {
        record Line(int seq, String text) {
        }
        List<Line> lines = new ArrayList<>();
        for (JsonNode step : run.path("steps")) {
            int seq = step.path("seq").asInt();
            String status = step.path("status").asText();
            String id = step.path("id").asText();
            if (status.equals("SKIPPED")) {
                if (started.add(seq)) {
                    finished.add(seq);
                    out.println("- " + id + ": skipped (" + step.path("error").asText() + ")");
                }
                continue;
            }
            if (started.add(seq)) {
                out.println("> " + id + ": " + step.path("description").asText());
            }
            for (JsonNode l : step.path("logs")) {
                if (logs.add(l.path("seq").asInt())) {
                    lines.add(new Line(l.path("seq").asInt(), "    " + l.path("source").asText("") + ": " + l.path("line").asText()));
                }
            }
            lines.sort(Comparator.comparingInt(Line::seq));
            lines.forEach(l -> out.println(l.text()));
            lines.clear();
            if (!status.equals("RUNNING") && finished.add(seq)) {
                String took = step.path("durationMs").isNumber() ? " (" + Durations.format(Duration.ofMillis(step.path("durationMs").asLong())) + ")" : "";
                out.println(status.equals("SUCCEEDED") ? "ok " + id + took
                        : status.equals("WARNING") ? "warning " + id + took + ": " + step.path("error").asText() + " (the run went on)"
                        : "FAILED " + id + took + ": " + step.path("error").asText());
            }
        }
        for (JsonNode l : run.path("logs")) {
            if (logs.add(l.path("seq").asInt())) {
                out.println("    " + l.path("line").asText());
            }
        }
        out.flush();
    }

    void outcome(JsonNode run) {
        String status = run.path("status").asText();
        String took = run.path("durationMs").isNumber()
                ? " in " + Durations.format(Duration.ofMillis(run.path("durationMs").asLong())) : "";
        out.println("run " + run.path("id").asText() + " " + run.path("target").asText() + " " + status + took
                + (run.path("error").isTextual() ? ": " + run.path("error").asText() : ""));
        out.flush();
    }
}
