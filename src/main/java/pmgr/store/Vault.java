package pmgr.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import pmgr.common.Secrets;

/**
 * Named vaults of secrets, encrypted at rest in the database. Every value read or written is
 * registered with {@link Secrets} so it is masked wherever it might be printed.
 */
public final class Vault {
    private static final Pattern VAULT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private final Sql sql;
    private final Sealer sealer;

    public Vault(Sql sql, Sealer sealer) {
        this.sql = sql;
        this.sealer = sealer;
    }

    public void put(String vault, String key, String value) {
        check(vault, key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("secret value for " + vault + "/" + key + " is empty");
        }
        Secrets.register(value);
        Map<String, Object> p = Map.of("vault", vault, "key", key, "sealed", sealer.seal(value, context(vault, key)),
                "at", System.currentTimeMillis());
        if (sql.update("UPDATE vault_secrets SET sealed = :#sealed, updated_at = :#at WHERE vault_name = :#vault AND secret_key = :#key", p) == 0) {
            sql.update("INSERT INTO vault_secrets (vault_name, secret_key, sealed, updated_at) VALUES (:#vault, :#key, :#sealed, :#at)", p);
        }
    }

    public Optional<String> get(String vault, String key) {
        check(vault, key);
        List<Map<String, Object>> rows = sql.query(
                "SELECT sealed FROM vault_secrets WHERE vault_name = :#vault AND secret_key = :#key",
                Map.of("vault", vault, "key", key));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String value = sealer.open((String) rows.get(0).get("sealed"), context(vault, key));
        Secrets.register(value);
        return Optional.of(value);
    }

    /** Vault name -> key names (never values). */
    public Map<String, List<String>> list() {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (Map<String, Object> row : sql.query("SELECT vault_name, secret_key FROM vault_secrets ORDER BY vault_name, secret_key", Map.of())) {
            out.computeIfAbsent((String) row.get("vault_name"), v -> new java.util.ArrayList<>()).add((String) row.get("secret_key"));
        }
        return out;
    }

    public boolean remove(String vault, String key) {
        check(vault, key);
        return sql.update("DELETE FROM vault_secrets WHERE vault_name = :#vault AND secret_key = :#key",
                Map.of("vault", vault, "key", key)) > 0;
    }

    /** Every secret as stored: sealed with the vault key, bound to its vault and key name. */
    public List<pmgr.model.SealedVault.Entry> sealedEntries() {
        return sql.query("SELECT vault_name, secret_key, sealed FROM vault_secrets ORDER BY vault_name, secret_key", Map.of()).stream()
                .map(r -> new pmgr.model.SealedVault.Entry((String) r.get("vault_name"), (String) r.get("secret_key"), (String) r.get("sealed")))
                .toList();
    }

    /**
     * Takes in secrets sealed elsewhere with this vault's key (a deployed copy's vault file): each
     * is opened first, so a wrong key or an altered value stops here with its name; one already
     * stored as it is stays untouched. Secrets that are not in the list stay too. Returns how many changed.
     */
    public int importSealed(List<pmgr.model.SealedVault.Entry> entries) {
        int changed = 0;
        for (pmgr.model.SealedVault.Entry e : entries) {
            check(e.vault(), e.key());
            Secrets.register(sealer.open(e.sealed(), context(e.vault(), e.key())));
            Map<String, Object> p = Map.of("vault", e.vault(), "key", e.key(), "sealed", e.sealed(), "at", System.currentTimeMillis());
            List<Map<String, Object>> rows = sql.query(
                    "SELECT sealed FROM vault_secrets WHERE vault_name = :#vault AND secret_key = :#key", p);
            if (rows.isEmpty()) {
                sql.update("INSERT INTO vault_secrets (vault_name, secret_key, sealed, updated_at) VALUES (:#vault, :#key, :#sealed, :#at)", p);
                changed++;
            } else if (!e.sealed().equals(rows.get(0).get("sealed"))) {
                sql.update("UPDATE vault_secrets SET sealed = :#sealed, updated_at = :#at WHERE vault_name = :#vault AND secret_key = :#key", p);
                changed++;
            }
        }
        return changed;
    }

    /** Registers every stored secret for masking, so none can leak even through an unusual path. */
    public void registerAllForMasking() {
        for (Map<String, Object> row : sql.query("SELECT vault_name, secret_key, sealed FROM vault_secrets", Map.of())) {
            Secrets.register(sealer.open((String) row.get("sealed"),
                    context((String) row.get("vault_name"), (String) row.get("secret_key"))));
        }
    }

    private static String context(String vault, String key) {
        return "vault/" + vault + "/" + key;
    }

    /** Checks a vault and key name (so a command can refuse before asking for the secret). */
    public static void check(String vault, String key) {
        if (vault == null || !VAULT_NAME.matcher(vault).matches()) {
            throw new IllegalArgumentException("vault name must be lower-case letters, digits and dashes, got '" + vault + "'");
        }
        if (key == null || !KEY_NAME.matcher(key).matches()) {
            throw new IllegalArgumentException("secret key must be letters, digits, '_', '.' or '-', got '" + key + "'");
        }
    }
}
