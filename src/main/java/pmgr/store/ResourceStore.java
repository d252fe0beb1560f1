package pmgr.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import pmgr.common.Json;
import pmgr.common.Secrets;

/**
 * Versioned, immutable resource data. Every write is a new row with the next version number;
 * the latest is the highest. Reads of the latest version are served from a cache that this
 * process keeps current (it is the only writer: the data directory lock guarantees it).
 */
public final class ResourceStore {
    private static final String SEALED_KEY = "$sealed";
    private static final String COLUMNS = "instance_name, model_type, spec, name, version, attributes, method, run_id, step_id, created_at";

    private final Sql sql;
    private final Sealer sealer;
    private final Map<String, Optional<ResourceVersion>> latest = new ConcurrentHashMap<>();
    private final Map<String, Object> writeLocks = new ConcurrentHashMap<>();

    public ResourceStore(Sql sql, Sealer sealer) {
        this.sql = sql;
        this.sealer = sealer;
    }

    /** What a write records besides the data: who wrote it and in which run and step. */
    public record Origin(String type, String method, String runId, String step) {
    }

    public ResourceVersion write(String instance, String spec, String name, Map<String, Object> attributes,
                                 Set<String> sensitive, Origin origin) {
        String key = key(instance, spec, name);
        Map<String, Object> stored = new LinkedHashMap<>();
        attributes.forEach((field, value) -> {
            if (sensitive.contains(field) && value != null) {
                String clear = String.valueOf(value);
                Secrets.register(clear);
                stored.put(field, new SealedValue(sealer.seal(clear, sealContext(instance, spec, name, field)),
                        sealContext(instance, spec, name, field)));
            } else {
                stored.put(field, Secrets.maskValue(value));
            }
        });
        synchronized (writeLocks.computeIfAbsent(key, k -> new Object())) {
            int next = latest(instance, spec, name).map(v -> v.version() + 1).orElse(1);
            Instant now = Instant.now();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("instance", instance);
            p.put("type", origin.type());
            p.put("spec", spec);
            p.put("name", name);
            p.put("version", next);
            p.put("attributes", Json.write(toStorable(stored)));
            p.put("method", origin.method());
            p.put("run", origin.runId());
            p.put("step", origin.step());
            p.put("at", now.toEpochMilli());
            sql.update("INSERT INTO resource_versions (" + COLUMNS + ") VALUES (:#instance, :#type, :#spec, :#name, "
                    + ":#version, :#attributes, :#method, :#run, :#step, :#at)", p);
            ResourceVersion v = new ResourceVersion(instance, origin.type(), spec, name, next, stored,
                    origin.method(), origin.runId(), origin.step(), now);
            latest.put(key, Optional.of(v));
            return v;
        }
    }

    public Optional<ResourceVersion> latest(String instance, String spec, String name) {
        return latest.computeIfAbsent(key(instance, spec, name), k -> first(sql.query(
                "SELECT " + COLUMNS + " FROM resource_versions WHERE instance_name = :#i AND spec = :#s AND name = :#n "
                        + "ORDER BY version DESC FETCH FIRST 1 ROWS ONLY",
                Map.of("i", instance, "s", spec, "n", name))));
    }

    public Optional<ResourceVersion> version(String instance, String spec, String name, int version) {
        return first(sql.query("SELECT " + COLUMNS + " FROM resource_versions WHERE instance_name = :#i AND spec = :#s "
                        + "AND name = :#n AND version = :#v",
                Map.of("i", instance, "s", spec, "n", name, "v", version)));
    }

    /** Every version of one resource, oldest first. */
    public List<ResourceVersion> history(String instance, String spec, String name) {
        return rows(sql.query("SELECT " + COLUMNS + " FROM resource_versions WHERE instance_name = :#i AND spec = :#s "
                + "AND name = :#n ORDER BY version", Map.of("i", instance, "s", spec, "n", name)));
    }

    /** The versions of one resource written at or after {@code from}, oldest first. */
    public List<ResourceVersion> since(String instance, String spec, String name, java.time.Instant from) {
        return rows(sql.query("SELECT " + COLUMNS + " FROM resource_versions WHERE instance_name = :#i AND spec = :#s "
                + "AND name = :#n AND created_at >= :#from ORDER BY version",
                Map.of("i", instance, "s", spec, "n", name, "from", from.toEpochMilli())));
    }

    /** The latest version of every resource an instance has written, by spec then name. */
    public List<ResourceVersion> latestAll(String instance) {
        return rows(sql.query("SELECT " + COLUMNS + " FROM resource_versions r WHERE r.instance_name = :#i AND r.version = "
                + "(SELECT MAX(x.version) FROM resource_versions x WHERE x.instance_name = r.instance_name "
                + "AND x.spec = r.spec AND x.name = r.name) ORDER BY r.spec, r.name", Map.of("i", instance)));
    }

    /** Names that have data for one spec of an instance. */
    public List<String> names(String instance, String spec) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> row : sql.query("SELECT DISTINCT name FROM resource_versions WHERE instance_name = :#i "
                + "AND spec = :#s ORDER BY name", Map.of("i", instance, "s", spec))) {
            out.add((String) row.get("name"));
        }
        return out;
    }

    /** The clear value of a sealed field (registered as a secret so it stays masked in output). */
    public String reveal(SealedValue value) {
        String clear = sealer.open(value.sealed(), value.context());
        Secrets.register(clear);
        return clear;
    }

    private static String sealContext(String instance, String spec, String name, String field) {
        return "resource/" + instance + "/" + spec + "/" + name + "/" + field;
    }

    private static Map<String, Object> toStorable(Map<String, Object> stored) {
        Map<String, Object> out = new LinkedHashMap<>();
        stored.forEach((k, v) -> out.put(k, v instanceof SealedValue s ? Map.of(SEALED_KEY, s.sealed()) : v));
        return out;
    }

    private static Optional<ResourceVersion> first(List<Map<String, Object>> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(row(rows.get(0)));
    }

    private static List<ResourceVersion> rows(List<Map<String, Object>> rows) {
        return rows.stream().map(ResourceStore::row).toList();
    }

    private static ResourceVersion row(Map<String, Object> r) {
        String instance = (String) r.get("instance_name");
        String spec = (String) r.get("spec");
        String name = (String) r.get("name");
        Map<String, Object> attributes = new LinkedHashMap<>();
        Json.readMap((String) r.get("attributes")).forEach((field, value) -> {
            if (value instanceof Map<?, ?> m && m.size() == 1 && m.get(SEALED_KEY) instanceof String s) {
                attributes.put(field, new SealedValue(s, sealContext(instance, spec, name, field)));
            } else {
                attributes.put(field, value);
            }
        });
        return new ResourceVersion(instance, (String) r.get("model_type"), spec, name,
                ((Number) r.get("version")).intValue(), attributes, (String) r.get("method"), (String) r.get("run_id"),
                (String) r.get("step_id"), Instant.ofEpochMilli(((Number) r.get("created_at")).longValue()));
    }

    private static String key(String instance, String spec, String name) {
        return instance + '\u0000' + spec + '\u0000' + name;
    }
}
