package pmgr.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The application home: {@code definitions/}, {@code routes/}, {@code beans/}, {@code bot/} and the
 * data directory. {@link #create} writes a working one from what the jar ships; {@link #check}
 * explains a folder that is not one.
 */
public final class Home {
    /** The folders a home holds, as the jar ships them under {@code home/}. */
    public static final List<String> FOLDERS = List.of("definitions", "routes", "beans", "bot");

    private Home() {
    }

    /** A home with neither definitions nor workflows is a mistake (a wrong --home), not an empty lab. */
    public static void check(Settings settings) {
        Path definitions = settings.path("pmgr.definitions-dir");
        Path routes = settings.path("pmgr.routes-dir");
        if (!Files.isDirectory(definitions) && !Files.isDirectory(routes)) {
            throw new IllegalArgumentException(settings.home() + " is not a pmgr home: it has no " + definitions.getFileName()
                    + "/ and no " + routes.getFileName() + "/. Create one with: pmgr init " + settings.home()
                    + "   (or point --home / PMGR_HOME at an existing one)");
        }
    }

    /**
     * Writes a new home: the shipped definitions, workflows, beans and bot command table, and an
     * {@code application.properties} listing every lab setting with its meaning. Refuses a folder
     * that already holds a home, so nothing of an operator's is overwritten.
     */
    public static List<Path> create(Path dir) {
        for (String folder : FOLDERS) {
            if (Files.exists(dir.resolve(folder))) {
                throw new IllegalArgumentException(dir + " already has " + folder + "/: init writes a new home only (nothing was changed)");
            }
        }
        if (Files.exists(dir.resolve("application.properties"))) {
            throw new IllegalArgumentException(dir + " already has application.properties: init writes a new home only (nothing was changed)");
        }
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            withShipped(root -> {
                for (String folder : FOLDERS) {
                    Path from = root.resolve(folder);
                    try (Stream<Path> files = Files.walk(from)) {
                        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                            Path to = dir.resolve(folder).resolve(from.relativize(f).toString());
                            Files.createDirectories(to.getParent());
                            Files.copy(f, to);
                            written.add(to);
                        }
                    }
                }
            });
            Path properties = dir.resolve("application.properties");
            Files.writeString(properties, properties(), StandardCharsets.UTF_8);
            written.add(properties);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the home " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }

    @FunctionalInterface
    private interface Copier {
        void copy(Path shippedRoot) throws IOException;
    }

    /** The jar's {@code home/} as a folder (the jar opened as a file system, or target/classes when run from the build). */
    private static void withShipped(Copier copier) throws IOException {
        URI uri;
        try {
            uri = Home.class.getResource("/home/definitions").toURI();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("this build ships no home (no /home/definitions in the jar)", e);
        }
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                copier.copy(jar.getPath("/home"));
            }
        } else {
            copier.copy(Path.of(uri).getParent());
        }
    }

    /**
     * {@code application.properties} for a new home: every {@code pmgr.lab.*} setting of the built-in
     * defaults with the comments that explain it, commented out at its default, plus the bot's.
     */
    static String properties() throws IOException {
        String defaults;
        try (var in = Home.class.getResourceAsStream("/pmgr-defaults.properties")) {
            defaults = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder("""
                # This lab's settings. Each line below is a built-in default, commented out: remove the '#' of
                # a setting and change its value. Environment variables win over this file (pmgr.lab.proxmox.apiUrl
                # is PMGR_LAB_PROXMOX_APIURL). Secrets never go here: put them in the vault, e.g.
                #   java -jar pmgr.jar --home THIS_FOLDER vault put proxmox-vault password
                #   java -jar pmgr.jar --home THIS_FOLDER vault put discord discord-token
                # Every setting there is, with its meaning: pmgr-defaults.properties inside the jar.

                """);
        boolean section = false;
        for (String line : defaults.split("\n", -1)) {
            if (line.startsWith("# ----")) {
                section = line.contains("The lab") || line.contains("Discord bot");
            }
            if (!section) {
                continue;
            }
            out.append(line.isBlank() || line.startsWith("#") ? line : "#" + line).append('\n');
        }
        return out.toString();
    }
}
