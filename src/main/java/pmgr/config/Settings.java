package pmgr.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The application's configuration: built-in defaults, then {@code <home>/application.properties},
 * then environment variables ({@code pmgr.http.port} is {@code PMGR_HTTP_PORT}), then system
 * properties, then explicit overrides (later wins). Only keys known from the first two layers can
 * be set from the environment, so a stray variable never changes behaviour by accident.
 */
public final class Settings {
    private final Path home;
    private final Map<String, String> values;

    private Settings(Path home, Map<String, String> values) {
        this.home = home;
        this.values = Collections.unmodifiableMap(values);
    }

    /** Home = {@code PMGR_HOME} if set, else the working directory. */
    public static Path defaultHome() {
        String env = System.getenv("PMGR_HOME");
        return Path.of(env == null || env.isBlank() ? "." : env).toAbsolutePath().normalize();
    }

    public static Settings load(Path home, Map<String, String> overrides) {
        return load(home, System.getenv(), overrides);
    }

    static Settings load(Path home, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        try (InputStream in = Settings.class.getResourceAsStream("/pmgr-defaults.properties")) {
            putAll(values, in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in defaults", e);
        }
        Path file = home.resolve("application.properties");
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                Properties p = new Properties();
                p.load(in);
                p.forEach((k, v) -> values.put(k.toString(), v.toString().trim()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        for (String key : values.keySet()) {
            String env = environment.get(envName(key));
            if (env != null) {
                values.put(key, env);
            }
        }
        System.getProperties().forEach((k, v) -> {
            if (values.containsKey(k.toString())) {
                values.put(k.toString(), v.toString());
            }
        });
        values.putAll(overrides);
        return new Settings(home, values);
    }

    private static void putAll(Map<String, String> values, InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        p.stringPropertyNames().stream().sorted().forEach(k -> values.put(k, p.getProperty(k).trim()));
    }

    /** The environment variable that overrides a key: {@code pmgr.http.port} -> {@code PMGR_HTTP_PORT}. */
    public static String envName(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    public Path home() {
        return home;
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown setting '" + key + "'");
        }
        return v;
    }

    public String get(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? fallback : v;
    }

    public boolean has(String key) {
        String v = values.get(key);
        return v != null && !v.isEmpty();
    }

    public int getInt(String key) {
        String v = get(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' must be a whole number, got '" + v + "'");
        }
    }

    public boolean getBoolean(String key) {
        String v = get(key);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("setting '" + key + "' must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    public Duration getDuration(String key) {
        return Durations.parse(key, get(key));
    }

    /** A path setting, resolved against the home directory. */
    public Path path(String key) {
        return home.resolve(get(key)).normalize();
    }

    public Path dataDir() {
        return path("pmgr.data-dir");
    }

    /** Every key with the given prefix (prefix removed). */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    public Map<String, String> asMap() {
        return values;
    }
}
