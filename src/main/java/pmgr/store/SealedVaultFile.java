package pmgr.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmgr.common.Json;
import pmgr.model.SealedVault;

/**
 * The vault as a file: its secrets as stored (sealed with the vault key), never their plain text.
 * A deploy writes it for the copy on another host, which takes it in at start
 * ({@code pmgr.vault.import-file}); the key travels separately, as that host's {@code vault.key}.
 */
public final class SealedVaultFile {
    static final String FORMAT = "pmgr-sealed-vault/1";

    private SealedVaultFile() {
    }

    public static byte[] write(List<SealedVault.Entry> entries) {
        List<Map<String, String>> secrets = new ArrayList<>();
        for (SealedVault.Entry e : entries) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("vault", e.vault());
            m.put("key", e.key());
            m.put("sealed", e.sealed());
            secrets.add(m);
        }
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("format", FORMAT);
        file.put("secrets", secrets);
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the sealed vault: " + e.getMessage(), e);
        }
    }

    public static List<SealedVault.Entry> read(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the sealed vault " + file + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IllegalStateException(file + " is not a sealed vault (format must be " + FORMAT + ")");
        }
        List<SealedVault.Entry> entries = new ArrayList<>();
        for (JsonNode s : root.path("secrets")) {
            entries.add(new SealedVault.Entry(s.path("vault").asText(), s.path("key").asText(), s.path("sealed").asText()));
        }
        return entries;
    }
}
