package pmgr.cel;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import pmgr.store.ResourceStore;
import pmgr.store.Vault;

/** What CEL expressions can read: model instances and their data, and the vault. */
public interface CelSources {

    /** Names of all definitions (model instances). */
    List<String> instances();

    /** Resource spec names declared by the instance's model type; empty if no such instance. */
    Optional<List<String>> specs(String instance);

    /** Names of the instances whose model type is one of these. */
    List<String> instancesOfTypes(Collection<String> types);

    /** The same, leaving out instances whose definitions read workflow inputs (they need a run's inputs). */
    List<String> standaloneOfTypes(Collection<String> types);

    /**
     * The written-out settings of the definition of this type whose setting {@code field} is
     * {@code value} (e.g. the minecraft/server whose serverName is "allthemons"); a
     * {@link CelException} naming the values there are when none is.
     */
    java.util.Map<String, Object> settingsOf(String type, String field, Object value);

    ResourceStore store();

    Vault vault();

    /** Lab-specific configuration ({@code pmgr.lab.*} settings) as a nested map: the {@code lab} variable. */
    java.util.Map<String, Object> lab();
}
