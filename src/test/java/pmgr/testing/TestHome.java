package pmgr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pmgr.config.Settings;
import pmgr.engine.Engine;

/** A throw-away application home: definitions, routes and a data directory in a temp folder. */
public final class TestHome {
    public final Path dir;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    public TestHome(Path dir) {
        this.dir = dir;
        try {
            // the shipped shared beans (branchOutcomes, ...) from the repository's beans/
            Files.createDirectories(dir.resolve("beans"));
            try (var files = Files.list(Path.of("beans"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, dir.resolve("beans").resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        overrides.put("pmgr.workflow.lock-wait", "2s");
        overrides.put("pmgr.http.port", "0");
    }

    public TestHome definition(String name, String yaml) {
        return write("definitions/" + name + ".yaml", yaml);
    }

    public TestHome route(String name, String yaml) {
        return write("routes/" + name + ".yaml", yaml);
    }

    public TestHome set(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    public TestHome write(String relative, String text) {
        try {
            Path f = dir.resolve(relative);
            Files.createDirectories(f.getParent());
            Files.writeString(f, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Settings settings() {
        return Settings.load(dir, overrides);
    }

    public Engine start() {
        return Engine.start(settings(), Engine.Options.defaults());
    }

    /** As `serve` starts it: schedules run. */
    public Engine startServing() {
        return Engine.start(settings(), Engine.Options.defaults().asServer());
    }
}
