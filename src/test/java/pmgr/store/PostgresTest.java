package pmgr.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.engine.Engine;
import pmgr.testing.TestHome;
import pmgr.testing.Workflows;

/**
 * The same schema and SQL on PostgreSQL: a workflow run, its ledger, versioned data and the vault.
 * Needs PMGR_TEST_PG_URL (+ PMGR_TEST_PG_USER / PMGR_TEST_PG_PASSWORD); .ci/run starts a local server.
 */
class PostgresTest {
    static String url;
    static String user;
    static String password;

    @BeforeAll
    static void database() throws Exception {
        url = System.getenv("PMGR_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            String message = "PMGR_TEST_PG_URL is not set (a PostgreSQL database to test against)";
            if ("1".equals(System.getenv("PMGR_CI"))) {
                Assertions.fail(message + "; CI must run this test");
            }
            Assumptions.abort(message);
        }
        user = System.getenv().getOrDefault("PMGR_TEST_PG_USER", "pmgr");
        password = System.getenv().getOrDefault("PMGR_TEST_PG_PASSWORD", "pmgr");
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            // a clean schema for every test run
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
    }

    @Test
    void workflowsLedgerDataAndVaultWorkOnPostgres(@TempDir Path dir) throws Exception {
        TestHome home = new TestHome(dir).set("pmgr.db.url", url).set("pmgr.db.user", user).set("pmgr.db.password", password)
                .definition("alpha", "name: alpha\ntype: test/echo\nglobalArguments: {prefix: 'A:'}\n")
                .definition("beta", "name: beta\ntype: test/echo\n")
                .route("greet", Workflows.GREET).route("fan-out", Workflows.FAN_OUT);
        String runId;
        try (Engine engine = home.start()) {
            runId = engine.runner().start("greet", Map.of("who", "pg", "times", 2), "test");
            assertThat(engine.runner().await(runId, Duration.ofSeconds(30)).status()).isEqualTo("SUCCEEDED");
            assertThat(engine.runner().await(engine.runner().start("fan-out", Map.of(), "test"), Duration.ofSeconds(30)).status())
                    .isEqualTo("SUCCEEDED");
            engine.vault().put("pg-vault", "key", "postgres-held-secret");
        }
        try (Engine engine = home.start()) {
            assertThat(engine.ledger().get(runId).orElseThrow().steps()).extracting(r -> r.stepId() + "=" + r.status())
                    .containsExactly("first=SUCCEEDED", "second=SUCCEEDED", "many=SUCCEEDED", "once=SKIPPED");
            assertThat(engine.store().latest("beta", "echo", "copy").orElseThrow().attributes())
                    .containsEntry("text", "A:hello pghello pg");
            assertThat(engine.store().history("alpha", "echo", "last")).hasSize(1);
            assertThat(engine.store().latestAll("alpha")).extracting(ResourceVersion::name).contains("fan", "last", "after", "many");
            assertThat(engine.vault().get("pg-vault", "key")).contains("postgres-held-secret");
            assertThat(engine.ledger().list(10, null)).hasSize(2);
        }
    }
}
