package pmgr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.config.Settings;

/** Opening the HSQLDB file database: Flyway for serve, the recorded schema trusted by a command line run. */
class DatabaseTest {
    private static final Pattern MIGRATION = Pattern.compile("V([0-9_.]+)__.+\\.sql");

    @TempDir
    Path home;

    @Test
    void theShippedVersionsAreTheMigrationsInTheSqlFolder() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("sql"))) {
            assertThat(files.map(f -> MIGRATION.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> m.group(1).replace('_', '.')).sorted(DatabaseTest::byVersion).toList())
                    .as("Database.SHIPPED_VERSIONS lists every sql/V*__*.sql").isEqualTo(Database.SHIPPED_VERSIONS);
        }
    }

    @Test
    void aRecordedSchemaIsTrustedOnlyWhenAskedAndOnlyWhenItIsExactlyTheShippedOne() throws Exception {
        Settings settings = Settings.load(home, Map.of());
        try (Database fresh = Database.open(settings, true)) {
            assertThat(fresh.migrated()).as("a new database gets its schema from Flyway").isTrue();
            assertThat(count(fresh, "SELECT COUNT(*) FROM runs")).isZero();
        }
        try (Database trusted = Database.open(settings, true)) {
            assertThat(trusted.migrated()).as("the recorded schema is the shipped one").isFalse();
            assertThat(count(trusted, "SELECT COUNT(*) FROM runs")).isZero();
        }
        try (Database checked = Database.open(settings)) {
            assertThat(checked.migrated()).as("serve's way always runs Flyway").isTrue();
            execute(checked, "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\","
                    + " \"script\", \"installed_by\", \"execution_time\", \"success\") VALUES (99, '99', 'from a newer pmgr', 'SQL',"
                    + " 'V99__newer.sql', 'SA', 1, TRUE)");
        }
        try (Database newer = Database.open(settings, true)) {
            assertThat(newer.migrated()).as("a history with a version this jar does not ship goes through Flyway").isTrue();
            execute(newer, "DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '99'");
            execute(newer, "UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '1'");
        }
        // a failed migration is not trusted either: Flyway runs and refuses to go on
        assertThatThrownBy(() -> Database.open(settings, true)).isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot prepare the database schema");
    }

    private static int byVersion(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static long count(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void execute(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
