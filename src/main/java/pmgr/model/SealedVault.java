package pmgr.model;

import java.util.List;

/**
 * This application's vault as it is stored - each secret sealed (AES-GCM) with the vault key - and
 * that key in base64: what a copy of the application elsewhere needs to open the same secrets
 * (a deploy sends both as owner-only files). The key is registered for masking; never log either.
 */
public record SealedVault(String keyBase64, List<Entry> entries) {
    public SealedVault {
        entries = List.copyOf(entries);
    }

    /** One secret, sealed and bound to its vault and key name. */
    public record Entry(String vault, String key, String sealed) {
    }

    @Override
    public String toString() {
        return "SealedVault[" + entries.size() + " secrets]";
    }
}
