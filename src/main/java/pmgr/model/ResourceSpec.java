package pmgr.model;

import java.util.Set;

/**
 * A kind of resource a model writes, e.g. {@code vm} for the fleet (one named resource per VM).
 * Fields listed as sensitive (credentials such as a Proxmox ticket) are sealed with the vault key
 * at rest, shown as {@code ***} in every output, and readable in clear only by CEL wiring.
 */
public record ResourceSpec(String name, String description, Set<String> sensitive) {

    public ResourceSpec(String name, String description) {
        this(name, description, Set.of());
    }
}
