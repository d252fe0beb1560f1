package pmgr.models.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import pmgr.models.ssh.Ssh;

/**
 * What a deploy puts on the host, by path under its folder: each file's bytes (or local file),
 * SHA-256 and whether only the owner may read it. The host's copy is compared by hash, so an
 * unchanged file is never sent again.
 */
final class Bundle {
    /** One file of the bundle. */
    record Item(String path, Path local, byte[] content, String sha256, boolean ownerOnly) {
        Ssh.Upload upload(String remoteDir) {
            String remote = remoteDir + "/" + path;
            return local != null ? Ssh.Upload.file(local, remote, ownerOnly) : Ssh.Upload.bytes(content, remote, ownerOnly);
        }
    }

    private final Map<String, Item> items = new TreeMap<>();

    Bundle file(String path, Path local) {
        items.put(path, new Item(path, local, null, sha256(local), false));
        return this;
    }

    Bundle bytes(String path, byte[] content, boolean ownerOnly) {
        items.put(path, new Item(path, null, content, sha256(content), ownerOnly));
        return this;
    }

    /** Every regular file under {@code folder}, as {@code <prefix>/<relative path>}. */
    Bundle tree(String prefix, Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                file(prefix + "/" + folder.relativize(f).toString().replace('\\', '/'), f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder + ": " + e.getMessage(), e);
        }
        return this;
    }

    List<Item> items() {
        return List.copyOf(items.values());
    }

    boolean has(String path) {
        return items.containsKey(path);
    }

    static String sha256(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    static String sha256(Path file) {
        MessageDigest d = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                d.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
