package pmgr.model;

import java.time.Duration;
import java.util.Optional;
import pmgr.store.ResourceVersion;

/** What a running model method can see and do. */
public interface MethodContext {

    /** The definition (instance) name, e.g. {@code fleet}. */
    String instance();

    String method();

    /** The instance's resolved, validated global arguments. */
    <G extends Record> G globals(Class<G> type);

    /** Records one line in the run's log (masked). One line per action. */
    void log(String line);

    /**
     * Writes a new version of the named resource. Attributes may be a map or a record; the
     * version number is returned.
     */
    ResourceVersion write(String spec, String name, Object attributes);

    /** The latest version of one of this instance's resources. */
    Optional<ResourceVersion> latest(String spec, String name);

    /** The latest version of each resource of this spec that another instance wrote (for reports). */
    java.util.List<ResourceVersion> latestOf(String instance, String spec);

    /** The run this call belongs to. */
    String runId();

    /** The data directory, for state a model keeps on this machine (e.g. SSH known hosts). */
    java.nio.file.Path dataDir();

    /** The application home (definitions/, routes/): files a definition names are relative to it. */
    java.nio.file.Path home();

    /** Camel, for models that call out through its components (camel-http, camel-ssh). */
    org.apache.camel.CamelContext camel();

    /** The engine's one producer template for those calls (not one per call). */
    org.apache.camel.ProducerTemplate template();

    /**
     * The vault as stored (sealed) with its key, for a model that copies this application to a
     * host (pmgr/deploy). Nothing else needs it: models get single secrets through CEL's vault.get.
     */
    SealedVault sealedVault();

    /** Sleeps, failing promptly if the run is being cancelled. */
    void sleep(Duration duration) throws InterruptedException;
}
