package pmgr.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A runnable pmgr jar built from this build's classes, for tests that start the application as a
 * jar before {@code mvn package} made one (surefire runs first): {@code target/classes} packed as
 * the jar, its libraries named on the manifest's Class-Path (the test classpath's jars, where they
 * are on this machine), {@code pmgr.cli.Launcher} as the entry point like the real jar's.
 */
public final class RunnableJar {
    private RunnableJar() {
    }

    public static Path build(Path jar) throws IOException {
        Path classes = Path.of("target", "classes").toAbsolutePath();
        List<String> libraries = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).filter(p -> p.toString().endsWith(".jar") && Files.isRegularFile(p))
                .map(p -> p.toAbsolutePath().toUri().toString()).toList();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "pmgr.cli.Launcher");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", libraries));
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest);
             Stream<Path> files = Files.walk(classes)) {
            // folders too, as the real jar has them: class-path scans (Flyway's classpath:sql) look them up
            for (Path f : files.filter(p -> !p.equals(classes)).sorted().toList()) {
                String name = classes.relativize(f).toString().replace(File.separatorChar, '/') + (Files.isDirectory(f) ? "/" : "");
                if (name.equals("META-INF/MANIFEST.MF") || name.equals("META-INF/")) {
                    continue;
                }
                if (name.endsWith("/")) {
                    JarEntry folder = new JarEntry(name);
                    folder.setTime(0);
                    j.putNextEntry(folder);
                    j.closeEntry();
                    continue;
                }
                JarEntry e = new JarEntry(name);
                e.setTime(0); // the same classes make the same jar: a deploy sees it unchanged
                j.putNextEntry(e);
                Files.copy(f, j);
                j.closeEntry();
            }
        }
        return jar;
    }
}
