package pmgr.model;

import java.util.List;
import java.util.Optional;

/**
 * A kind of thing the system manages (a Proxmox fleet, a Minecraft server...). Implementations are
 * registered through {@code META-INF/services/pmgr.model.ModelType}; definitions in
 * {@code definitions/} create named instances of them.
 */
public interface ModelType {

    /** Type name such as {@code proxmox/vm}. */
    String type();

    /** CalVer version {@code YYYY.MM.DD.MICRO}. */
    String version();

    String description();

    /** The record its definitions' {@code globalArguments} bind to. */
    Class<? extends Record> globalArguments();

    List<ResourceSpec> resources();

    List<ModelMethod<?>> methods();

    /**
     * Warnings to log at start for a definition of this type, given the global arguments that could
     * be resolved without a run (literals, {@code lab}, vault). E.g. TLS verification switched off.
     */
    default List<String> startupWarnings(String instance, java.util.Map<String, Object> resolvedGlobals) {
        return List.of();
    }

    default Optional<ModelMethod<?>> method(String name) {
        return methods().stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
