package pmgr.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import pmgr.config.Settings;

/**
 * The SQL database: the embedded HSQLDB file database under the data directory by default, or any
 * JDBC URL (PostgreSQL for a shared server). The schema comes from {@code sql/} (Flyway).
 */
public final class Database implements AutoCloseable {
    /** The versions of the migrations in {@code sql/} ({@code V<version>__*.sql}), oldest first; a test keeps it equal to the folder. */
    static final List<String> SHIPPED_VERSIONS = List.of("1");

    private final HikariDataSource dataSource;
    private final boolean embedded;
    private final boolean migrated;

    private Database(HikariDataSource dataSource, boolean embedded, boolean migrated) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.migrated = migrated;
    }

    /** Opens the database and brings its schema up to date with Flyway, which also checks what was applied before. */
    public static Database open(Settings settings) {
        return open(settings, false);
    }

    /**
     * Opens the database; with {@code trustRecordedSchema}, one whose Flyway history already records
     * exactly the shipped migrations, all applied, is used without running Flyway. Flyway's start and
     * checks cost a short command about 0.3 s, and they belong to {@code serve}, which checks
     * everything at start: the command line trusts what serve (or an earlier command) recorded.
     */
    public static Database open(Settings settings, boolean trustRecordedSchema) {
        String url = settings.get("pmgr.db.url");
        boolean embedded = url.isEmpty();
        if (embedded) {
            url = embeddedUrl(settings.dataDir().resolve("db"));
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(settings.get("pmgr.db.user"));
        config.setPassword(settings.get("pmgr.db.password"));
        config.setMaximumPoolSize(10);
        config.setPoolName("pmgr-db");
        HikariDataSource ds = new HikariDataSource(config);
        if (trustRecordedSchema && recordsShippedSchema(ds)) {
            return new Database(ds, embedded, false);
        }
        try {
            Flyway.configure().dataSource(ds).locations("classpath:sql").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new StoreException("cannot prepare the database schema: " + e.getMessage(), e);
        }
        return new Database(ds, embedded, true);
    }

    /** Whether Flyway's history holds the shipped versions, in order, each applied successfully, and nothing else. */
    static boolean recordsShippedSchema(DataSource ds) {
        List<String> applied = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                     + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (r.next()) {
                if (!r.getBoolean(2)) {
                    return false;
                }
                applied.add(r.getString(1));
            }
        } catch (SQLException noHistoryYet) {
            return false;
        }
        return applied.equals(SHIPPED_VERSIONS);
    }

    /** Whether opening ran Flyway (false when a recorded schema was trusted). */
    boolean migrated() {
        return migrated;
    }

    /**
     * Cached tables keep the data on disk rather than all in memory; each commit is written to the
     * log file straight away (the short write delay only postpones the fsync), so a killed process
     * loses nothing. Exclusive use of the directory is guarded by the data-directory lock, not by
     * HSQLDB's own lock file, which would stay stale for seconds after a kill.
     */
    static String embeddedUrl(Path dir) {
        return "jdbc:hsqldb:file:" + dir.resolve("pmgr").toAbsolutePath()
                + ";hsqldb.default_table_type=cached;hsqldb.write_delay=false;hsqldb.lock_file=false";
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        if (embedded && !dataSource.isClosed()) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        dataSource.close();
    }
}
