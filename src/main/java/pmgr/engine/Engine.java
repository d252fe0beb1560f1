package pmgr.engine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.errorhandler.NoErrorHandlerDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.cel.CelEngine;
import pmgr.config.Settings;
import pmgr.model.ModelType;
import pmgr.store.Database;
import pmgr.store.ResourceStore;
import pmgr.store.RunLedger;
import pmgr.store.Sealer;
import pmgr.store.Sql;
import pmgr.store.Vault;

/**
 * The running application: the data directory (locked), the database, the model types and
 * definitions, Camel (method routes, workflow routes, triggers, optionally the HTTP API) and the
 * runner. One per process.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    static final String DATA_SOURCE = "pmgrDataSource";

    private final Settings settings;
    private final DataDirLock lock;
    private final Database database;
    private final ModelRegistry registry;
    private final CelEngine cel;
    private final Definitions definitions;
    /** A command line run's scope (its workflow's file and the definitions it calls); empty: everything. */
    private final java.util.Optional<WorkflowScope> scope;
    private final Workflows workflows = new Workflows();
    private final RunEvents events = new RunEvents();
    /** The runs' threads: Camel's, so they are named, counted and stopped with the context. */
    private ExecutorService executor;
    private final Main main;
    private ResourceStore store;
    private RunLedger ledger;
    private Vault vault;
    private WorkflowRunner runner;
    private final List<String> startupWarnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final boolean serving;

    /**
     * How to start: extra model types (tests, benchmark) and extra routes (the HTTP API, sandbox).
     *
     * @param onlyWorkflow a command line run of this workflow: only it and the method routes it
     *                     reaches are loaded (null: everything, as {@code serve} has it)
     */
    public record Options(List<ModelType> extraModelTypes, List<java.util.function.Function<Engine, RoutesBuilder>> extraRoutes,
                          java.util.Map<String, String> camelProperties, boolean serving, String onlyWorkflow) {
        public Options(List<ModelType> extraModelTypes, List<java.util.function.Function<Engine, RoutesBuilder>> extraRoutes,
                       java.util.Map<String, String> camelProperties, boolean serving) {
            this(extraModelTypes, extraRoutes, camelProperties, serving, null);
        }

        public static Options defaults() {
            return new Options(List.of(), List.of(), java.util.Map.of(), false);
        }

        /** For running one workflow from the command line (never for serve). */
        public Options onlyFor(String workflow) {
            return new Options(extraModelTypes, extraRoutes, camelProperties, serving, serving ? null : workflow);
        }

        /** For a command line command that reads or stores data and runs nothing: no workflow or method routes. */
        public Options runningNothing() {
            return onlyFor(NOTHING);
        }

        /** {@link #onlyWorkflow} of a command that runs nothing (no workflow has an empty name). */
        static final String NOTHING = "";

        /** With more routes, made once the engine's parts exist (e.g. the bot's). */
        public Options withRoutes(java.util.function.Function<Engine, RoutesBuilder> routes) {
            List<java.util.function.Function<Engine, RoutesBuilder>> all = new ArrayList<>(extraRoutes);
            all.add(routes);
            return new Options(extraModelTypes, List.copyOf(all), camelProperties, serving);
        }

        /** The long-running process (`serve`): routes that start on their own (schedules) run. */
        public Options asServer() {
            return new Options(extraModelTypes, extraRoutes, camelProperties, true);
        }
    }

    private Engine(Settings settings, Options options) {
        this.settings = settings;
        this.serving = options.serving();
        this.lock = DataDirLock.acquire(settings.dataDir(), options.serving() ? "serve" : "cli");
        Database db = null;
        long t0 = System.nanoTime();
        // the database (HSQLDB, Flyway) opens on another core while the definitions load; a command
        // line run trusts the schema Flyway recorded, serve runs Flyway and its checks
        java.util.concurrent.CompletableFuture<Database> opening = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Database.open(settings, !options.serving()));
        try {
            this.registry = ModelRegistry.load(options.extraModelTypes());
            EngineSources sources = new EngineSources(registry, LabSettings.tree(settings));
            this.cel = new CelEngine(sources);
            // a command line run of one workflow type-checks only the definitions it calls (serve checks all)
            this.scope = options.onlyWorkflow() == null ? java.util.Optional.empty()
                    : options.onlyWorkflow().equals(Options.NOTHING) ? java.util.Optional.of(WorkflowScope.NOTHING)
                    : WorkflowScope.of(settings.path("pmgr.routes-dir"), options.onlyWorkflow(),
                            DefinitionLoader.names(settings.path("pmgr.definitions-dir")));
            this.definitions = new DefinitionLoader(registry, cel).load(settings.path("pmgr.definitions-dir"),
                    scope.map(WorkflowScope::instances).orElse(null));
            sources.definitions = definitions;
            long tDefinitions = System.nanoTime();
            db = join(opening);
            this.database = db;
            long tDatabase = System.nanoTime();
            this.main = new Main();
            main.addInitialProperty("camel.main.name", "pmgr");
            main.addInitialProperty("camel.main.routes-collector-enabled", "false");
            // health checks: the context's and pmgr's own (group pmgr); not one per route
            main.addInitialProperty("camel.health.enabled", "true");
            main.addInitialProperty("camel.health.routesEnabled", "false");
            main.addInitialProperty("camel.health.consumersEnabled", "false");
            main.addInitialProperty("camel.health.producersEnabled", "false");
            main.addInitialProperty("camel.health.exposureLevel", "full");
            // JMX (Hawtio reads it): the context and each route with its statistics, not an MBean per
            // processor - that doubles the start time for little (Hawtio draws the routes from the context)
            main.addInitialProperty("camel.main.jmxManagementMBeansLevel", "RoutesOnly");
            if (options.onlyWorkflow() != null) {
                // a command line run: nothing watches it (Hawtio and the health API are serve's)
                main.addInitialProperty("camel.main.jmxEnabled", "false");
                main.addInitialProperty("camel.health.enabled", "false");
            }
            // settings are Camel properties too: routes may say {{pmgr.schedule.metrics.cron}}
            settings.asMap().forEach(main::addInitialProperty);
            options.camelProperties().forEach(main::addInitialProperty);
            main.bind(DATA_SOURCE, database.dataSource());
            // one meter registry for Camel's meters and ours (Camel's are on only with camel.metrics.enabled)
            main.bind("metricsRegistry", pmgr.common.Meters.registry());
            main.bind("celEngine", cel);
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void beforeConfigure(BaseMainSupport m) {
                    wire(m.getCamelContext(), sources, options);
                }
            });
            Instant bootedAt = Instant.now();
            main.start();
            if (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
                throw new IllegalStateException("Camel did not start");
            }
            afterStart(bootedAt);
            long tCamel = System.nanoTime();
            LOG.info("pmgr started in {} ms (definitions {} ms, database ready +{} ms, Camel and routes {} ms): "
                            + "{} definitions, {} workflows, data in {}", (tCamel - t0) / 1_000_000,
                    (tDefinitions - t0) / 1_000_000, (tDatabase - tDefinitions) / 1_000_000, (tCamel - tDatabase) / 1_000_000,
                    definitions.all().size(), workflows.all().size(), settings.dataDir());
        } catch (RuntimeException e) {
            closeQuietly(db == null ? opening.exceptionally(x -> null).join() : db);
            lock.close();
            throw unwrapStartup(e);
        } catch (Exception e) {
            closeQuietly(db == null ? opening.exceptionally(x -> null).join() : db);
            lock.close();
            throw new IllegalStateException("cannot start: " + e.getMessage(), e);
        }
    }

    private static Database join(java.util.concurrent.CompletableFuture<Database> opening) {
        try {
            return opening.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    public static Engine start(Settings settings, Options options) {
        return new Engine(settings, options);
    }

    private void wire(CamelContext camel, EngineSources sources, Options options) {
        camel.getCamelContextExtension().setErrorHandlerFactory(new NoErrorHandlerDefinition());
        Sql sql = new Sql(camel, DATA_SOURCE);
        Sealer sealer = Sealer.load(settings.get("pmgr.vault.key"), settings.dataDir().resolve("vault.key"));
        store = new ResourceStore(sql, sealer);
        ledger = new RunLedger(sql, database.dataSource());
        vault = new Vault(sql, sealer);
        sources.store = store;
        sources.vault = vault;
        camel.getRegistry().bind("exchangeBindings", new ExchangeCelBindings(cel));
        camel.getManagementStrategy().addEventNotifier(new StepEventRecorder());
        executor = camel.getExecutorServiceManager().newFixedThreadPool(this, "pmgr-run", settings.getInt("pmgr.runs.threads"));
        camel.getExecutorServiceManager().registerThreadPoolProfile(WorkflowRoutes.fanOut(settings.getInt("pmgr.workflow.fan-out-threads")));
        MethodInvoker invoker = new MethodInvoker(settings.home(), settings.dataDir(), camel, registry, definitions, cel, store,
                () -> new pmgr.model.SealedVault(sealer.keyText(), vault.sealedEntries()));
        runner = new WorkflowRunner(camel, workflows, definitions, registry, ledger, events, new RunLocks(), cel,
                settings.getDuration("pmgr.workflow.lock-wait"), executor);
        camel.getRegistry().bind("workflowRunner", runner);
        try {
            camel.addRoutes(new MethodRoutes(registry, definitions, invoker, scope.map(WorkflowScope::instances).orElse(null)));
            camel.addComponent("workflow", new WorkflowComponent(() -> runner, false));
            camel.addComponent("method", new WorkflowComponent(() -> runner, true));
            camel.addComponent("call", new CallComponent(definitions, registry, cel));
            camel.addRoutes(new WorkflowRoutes(settings.path("pmgr.beans-dir"), settings.path("pmgr.routes-dir"), workflows,
                    options.serving(), cel, definitions, scope.map(WorkflowScope::files).orElse(null)));
            for (var extra : options.extraRoutes()) {
                camel.addRoutes(extra.apply(this));
            }
        } catch (Exception e) {
            throw unwrapStartup(e);
        }
    }

    /** After Camel is up (the store works through it): mask every vault secret, close out dead runs. */
    private void afterStart(Instant bootedAt) {
        importVaultFile();
        vault.registerAllForMasking();
        startupWarnings.addAll(StartupChecks.warnings(definitions, scope.map(WorkflowScope::instances).orElse(null), registry, cel));
        startupWarnings.forEach(w -> LOG.warn(w));
        int interrupted = ledger.markInterrupted(bootedAt);
        if (interrupted > 0) {
            LOG.warn("{} run(s) were left running by a stopped process; marked INTERRUPTED", interrupted);
        }
    }

    /** A copy deployed elsewhere takes in the vault its deploy sent (pmgr.vault.import-file), sealed with the same key. */
    private void importVaultFile() {
        if (!settings.has("pmgr.vault.import-file")) {
            return;
        }
        java.nio.file.Path file = settings.path("pmgr.vault.import-file");
        if (!java.nio.file.Files.isRegularFile(file)) {
            LOG.warn("pmgr.vault.import-file: no file {}; the vault is as it was", file);
            return;
        }
        int changed = vault.importSealed(pmgr.store.SealedVaultFile.read(file));
        LOG.info("vault: {} secret(s) taken in from {}", changed, file);
    }

    private static RuntimeException unwrapStartup(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StartupException s) {
                return s;
            }
            if (t instanceof DataDirLock.InUseException u) {
                return u;
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }

    public Settings settings() {
        return settings;
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    public ModelRegistry registry() {
        return registry;
    }

    public Definitions definitions() {
        return definitions;
    }

    public Workflows workflows() {
        return workflows;
    }

    public WorkflowRunner runner() {
        return runner;
    }

    public RunLedger ledger() {
        return ledger;
    }

    public ResourceStore store() {
        return store;
    }

    public Vault vault() {
        return vault;
    }

    public RunEvents events() {
        return events;
    }

    public CelEngine cel() {
        return cel;
    }

    /** Whether this is `serve` (schedules run) rather than a CLI command. */
    public boolean serving() {
        return serving;
    }

    /** The database (for checks of its health). */
    public javax.sql.DataSource database() {
        return database.dataSource();
    }

    /** What the start warned about (e.g. TLS verification switched off). */
    public List<String> startupWarnings() {
        return List.copyOf(startupWarnings);
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    @Override
    public void close() {
        List<Exception> problems = new ArrayList<>();
        if (runner != null) {
            runner.stopping();
        }
        if (executor != null) {
            try {
                executor.shutdownNow();
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ledger != null) {
            ledger.close();
        }
        try {
            main.stop();
        } catch (Exception e) {
            problems.add(e);
        }
        closeQuietly(database);
        lock.close();
        problems.forEach(p -> LOG.warn("while stopping: {}", p.toString()));
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
    }
}
