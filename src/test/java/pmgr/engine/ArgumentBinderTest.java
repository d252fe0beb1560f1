package pmgr.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pmgr.model.Arg;
import pmgr.model.Nullable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgumentBinderTest {

    record StartArgs(
            @Arg(description = "VM to start", pattern = "[A-Za-z0-9-]+", patternHint = "letters, digits and dashes") String vmName,
            @Arg(description = "Seconds to wait for the IP", defaultValue = "120", min = 1, max = 3600) long waitSeconds,
            @Arg(description = "Poll interval", defaultValue = "5") int pollInterval,
            @Arg(description = "Force", defaultValue = "false") boolean force,
            @Nullable @Arg(description = "IP, null while stopped") String ip,
            @Arg(description = "Tags", defaultValue = "[]") List<String> tags,
            @Arg(description = "Extra config", defaultValue = "{}") Map<String, Object> config) {
    }

    record Checked(@Arg(description = "Even number") long n) {
        Checked {
            if (n % 2 != 0) {
                throw new IllegalArgumentException("argument 'n' must be even, got " + n);
            }
        }
    }

    @Test
    void appliesDefaultsAndConvertsText() {
        StartArgs a = ArgumentBinder.bind(StartArgs.class, Map.of("vmName", "allthemons", "waitSeconds", "30",
                "force", "true", "tags", "[\"game\",\"mc\"]"), "fleet.start arguments");
        assertThat(a.vmName()).isEqualTo("allthemons");
        assertThat(a.waitSeconds()).isEqualTo(30);
        assertThat(a.pollInterval()).isEqualTo(5);
        assertThat(a.force()).isTrue();
        assertThat(a.ip()).isNull();
        assertThat(a.tags()).containsExactly("game", "mc");
        assertThat(a.config()).isEmpty();
    }

    @Test
    void nullIsAcceptedOnlyWhereDeclaredNullable() {
        Map<String, Object> values = new HashMap<>();
        values.put("vmName", "x");
        values.put("ip", null);
        assertThat(ArgumentBinder.bind(StartArgs.class, values, "t").ip()).isNull();
        values.put("vmName", null);
        assertThatThrownBy(() -> ArgumentBinder.bind(StartArgs.class, values, "fleet.start arguments"))
                .isInstanceOf(ArgumentException.class)
                .hasMessageContaining("fleet.start arguments: argument 'vmName' is required (VM to start)");
    }

    @Test
    void reportsEveryProblemWithTheFieldAndTheRule() {
        ArgumentException e = (ArgumentException) org.assertj.core.api.Assertions.catchThrowable(() ->
                ArgumentBinder.bind(StartArgs.class, Map.of("vmName", "bad name;rm -rf", "waitSeconds", "soon",
                        "force", "yes", "colour", "red"), "fleet.start arguments"));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "unknown argument 'colour' (known: vmName, waitSeconds, pollInterval, force, ip, tags, config)",
                "argument 'vmName' must be letters, digits and dashes, got 'bad name;rm -rf'",
                "argument 'waitSeconds' must be a whole number, got 'soon'",
                "argument 'force' must be true or false, got 'yes'");
    }

    @Test
    void checksRangesAndTheRecordsOwnRules() {
        assertThatThrownBy(() -> ArgumentBinder.bind(StartArgs.class, Map.of("vmName", "x", "waitSeconds", 0), "t"))
                .hasMessageContaining("argument 'waitSeconds' must be between 1 and 3600, got 0");
        assertThatThrownBy(() -> ArgumentBinder.bind(Checked.class, Map.of("n", 3), "t"))
                .hasMessageContaining("argument 'n' must be even, got 3");
        assertThat(ArgumentBinder.bind(Checked.class, Map.of("n", 4.0), "t").n()).isEqualTo(4);
        assertThatThrownBy(() -> ArgumentBinder.bind(Checked.class, Map.of("n", 4.5), "t"))
                .hasMessageContaining("argument 'n' must be a whole number, got 4.5");
    }

    @Test
    void describesArguments() {
        assertThat(ArgumentBinder.describe(StartArgs.class)).first().satisfies(a -> {
            assertThat(a.name()).isEqualTo("vmName");
            assertThat(a.required()).isTrue();
            assertThat(a.type()).isEqualTo("string");
        });
        assertThat(ArgumentBinder.describe(StartArgs.class).get(1)).satisfies(a -> {
            assertThat(a.required()).isFalse();
            assertThat(a.defaultValue()).isEqualTo(120L);
        });
        assertThat(ArgumentBinder.checkLiteral(StartArgs.class, "waitSeconds", "x"))
                .isEqualTo("argument 'waitSeconds' must be a whole number, got 'x'");
        assertThat(ArgumentBinder.checkLiteral(StartArgs.class, "waitSeconds", 10)).isNull();
    }
}
