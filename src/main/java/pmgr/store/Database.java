package pmgr.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import pmgr.config.Settings;

/**
 * The SQL database: the embedded HSQLDB file database under the data directory by default, or any
 * JDBC URL (PostgreSQL for a shared server). The schema comes from {@code sql/} (Flyway).
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final boolean embedded;

    private Database(HikariDataSource dataSource, boolean embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
    }

    public static Database open(Settings settings) {
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
        try {
            Flyway.configure().dataSource(ds).locations("classpath:sql").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new StoreException("cannot prepare the database schema: " + e.getMessage(), e);
        }
        return new Database(ds, embedded);
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
