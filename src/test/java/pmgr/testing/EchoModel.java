package pmgr.testing;

import java.util.List;
import java.util.Map;
import pmgr.model.AbstractModelType;
import pmgr.model.Arg;
import pmgr.model.ModelMethod;
import pmgr.model.NoArgs;
import pmgr.model.Nullable;
import pmgr.model.ResourceSpec;

/** A model type for tests: echoes, fails, sleeps and counts, writing resources as it goes. */
public final class EchoModel extends AbstractModelType<EchoModel.Globals> {

    public record Globals(
            @Arg(description = "Prefix put before every message", defaultValue = "") String prefix,
            @Nullable @Arg(description = "A value that may be null, like a stopped VM's IP") String host,
            @Arg(description = "A secret value, e.g. from the vault", defaultValue = "") String token) {
    }

    public record EchoArgs(
            @Arg(description = "Text to echo") String message,
            @Arg(description = "How many times", defaultValue = "1", min = 1, max = 100) long times,
            @Arg(description = "Name of the resource to write", defaultValue = "last", pattern = "[a-z0-9-]+",
                    patternHint = "lower-case letters, digits and dashes") String name) {
    }

    public record FailArgs(@Arg(description = "Error message", defaultValue = "boom") String message) {
    }

    public record SleepArgs(@Arg(description = "Milliseconds to sleep") long millis) {
    }

    /** A default from the lab's settings, said once here. */
    public record FailWithArgs(@Arg(description = "Error message", defaultValue = "${{ 'no ' + lab.ssh.user }}") String message) {
    }

    public EchoModel() {
        super("test/echo", "2026.11.28.1",
                "Echoes text for tests",
                Globals.class,
                List.of(new ResourceSpec("echo", "What was echoed"),
                        new ResourceSpec("secret", "Holds a sensitive field", java.util.Set.of("token"))));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(
                ModelMethod.of("echo", "Echo a message and store it", EchoArgs.class, List.of("echo"), (args, ctx) -> {
                    Globals g = ctx.globals(Globals.class);
                    String text = g.prefix() + args.message().repeat((int) args.times());
                    ctx.log("echo " + text);
                    ctx.write("echo", args.name(), Map.of("text", text, "host", String.valueOf(g.host())));
                    return Map.of("text", text);
                }),
                ModelMethod.of("fail", "Always fails", FailArgs.class, List.of(), (args, ctx) -> {
                    ctx.log("about to fail");
                    throw new IllegalStateException(args.message());
                }),
                ModelMethod.of("failWith", "Fails with a message that defaults from the settings", FailWithArgs.class, List.of(),
                        (args, ctx) -> {
                            throw new IllegalStateException(args.message());
                        }),
                ModelMethod.of("sleep", "Sleeps", SleepArgs.class, List.of(), (args, ctx) -> {
                    ctx.log("sleeping " + args.millis() + "ms");
                    ctx.sleep(java.time.Duration.ofMillis(args.millis()));
                    return null;
                }),
                ModelMethod.of("keep", "Stores the token in a sensitive field", NoArgs.class, List.of("secret"), (args, ctx) -> {
                    Globals g = ctx.globals(Globals.class);
                    ctx.log("token is " + g.token());
                    ctx.write("secret", "s", Map.of("token", g.token(), "plain", "visible"));
                    return null;
                }));
    }
}
