package pmgr.sandbox.games;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Copies the bundled scripts onto a host and writes host files so readers never see half of one. */
final class SandboxResources {
    private static final String BASE = "/pmgr/sandbox/games/";

    private SandboxResources() {
    }

    static void installExecutable(String resourceName, Path target) throws IOException {
        writeAtomically(target, read(resourceName));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static String read(String resourceName) throws IOException {
        try (InputStream in = SandboxResources.class.getResourceAsStream(BASE + resourceName)) {
            if (in == null) {
                throw new IOException("missing sandbox resource " + BASE + resourceName);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Write to a sibling temp file, then rename: a console polling the file sees old or new, never partial. */
    static void writeAtomically(Path target, String content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    static String lines(Iterable<String> values) {
        StringBuilder text = new StringBuilder();
        values.forEach(value -> text.append(value).append('\n'));
        return text.toString();
    }
}
