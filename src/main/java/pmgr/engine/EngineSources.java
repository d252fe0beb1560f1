package pmgr.engine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pmgr.cel.CelSources;
import pmgr.model.ResourceSpec;
import pmgr.store.ResourceStore;
import pmgr.store.Vault;

/** What CEL reads, backed by the engine's definitions, model types, store and vault. */
final class EngineSources implements CelSources {
    private final ModelRegistry registry;
    volatile Definitions definitions = new Definitions(List.of());
    volatile ResourceStore store;
    volatile Vault vault;
    private final java.util.Map<String, Optional<List<String>>> specs = new java.util.concurrent.ConcurrentHashMap<>();

    private final java.util.Map<String, Object> lab;

    EngineSources(ModelRegistry registry, java.util.Map<String, Object> lab) {
        this.registry = registry;
        this.lab = lab;
    }

    @Override
    public java.util.Map<String, Object> lab() {
        return lab;
    }

    @Override
    public List<String> instances() {
        return definitions.all().stream().map(Definition::name).toList();
    }

    @Override
    public Optional<List<String>> specs(String instance) {
        return specs.computeIfAbsent(instance, i -> definitions.get(i).flatMap(d -> registry.get(d.type()))
                .map(t -> t.resources().stream().map(ResourceSpec::name).toList()));
    }

    @Override
    public List<String> instancesOfTypes(Collection<String> types) {
        return definitions.byType(types);
    }

    @Override
    public List<String> standaloneOfTypes(Collection<String> types) {
        return definitions.all().stream().filter(d -> types.contains(d.type()) && d.inputsRead().isEmpty())
                .map(Definition::name).toList();
    }

    @Override
    public Map<String, Object> settingsOf(String type, String field, Object value) {
        List<Definition> ofType = definitions.all().stream().filter(d -> d.type().equals(type)).toList();
        return ofType.stream().map(Definition::literalArguments).filter(a -> value != null && value.equals(a.get(field)))
                .findFirst().orElseThrow(() -> new pmgr.cel.CelException("no " + type + " definition has " + field + " '"
                        + value + "' (" + field + ": " + String.join(", ", ofType.stream().map(d -> d.literalArguments().get(field))
                        .filter(java.util.Objects::nonNull).map(String::valueOf).toList()) + ")"));
    }

    @Override
    public ResourceStore store() {
        return store;
    }

    @Override
    public Vault vault() {
        return vault;
    }
}
