package pmgr.models.games;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks text against the Prometheus text exposition format rules node_exporter's textfile collector applies. */
final class PrometheusFormat {
    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\")(,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\")*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");

    private PrometheusFormat() {
    }

    static void check(String text) {
        assertThat(text).endsWith("\n");
        Set<String> typed = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                assertThat(line).matches(HELP);
            } else if (line.startsWith("# TYPE ")) {
                Matcher m = TYPE.matcher(line);
                assertThat(m.matches()).as("TYPE line: " + line).isTrue();
                assertThat(typed.add(m.group(1))).as("one TYPE per metric: " + m.group(1)).isTrue();
            } else {
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("sample line: " + line).isTrue();
                assertThat(typed).as("TYPE comes before the samples of " + m.group(1)).contains(m.group(1));
            }
        }
    }
}
