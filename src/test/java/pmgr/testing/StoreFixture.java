package pmgr.testing;

import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.impl.DefaultCamelContext;
import pmgr.config.Settings;
import pmgr.store.Database;
import pmgr.store.ResourceStore;
import pmgr.store.RunLedger;
import pmgr.store.Sealer;
import pmgr.store.Sql;
import pmgr.store.Vault;

/** A real HSQLDB file database in a temp folder with the store, ledger and vault over camel-sql. */
public final class StoreFixture implements AutoCloseable {
    public final Database database;
    public final DefaultCamelContext camel;
    public final Sql sql;
    public final ResourceStore store;
    public final RunLedger ledger;
    public final Vault vault;

    public StoreFixture(Path home) {
        Settings settings = Settings.load(home, Map.of());
        database = Database.open(settings);
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("ds", database.dataSource());
        camel.start();
        sql = new Sql(camel, "ds");
        Sealer sealer = Sealer.load("", settings.dataDir().resolve("vault.key"));
        store = new ResourceStore(sql, sealer);
        ledger = new RunLedger(sql, database.dataSource());
        vault = new Vault(sql, sealer);
    }

    @Override
    public void close() {
        ledger.close();
        camel.stop();
        database.close();
    }
}
