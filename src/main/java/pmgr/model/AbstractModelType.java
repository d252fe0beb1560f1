package pmgr.model;

import java.util.List;

/**
 * A model type's declaration in one place: type name, version, description, the record its
 * definitions' global arguments bind to, and the resources it writes; a subclass adds its methods.
 */
public abstract class AbstractModelType implements ModelType {
    private final String type;
    private final String version;
    private final String description;
    private final Class<? extends Record> globalArguments;
    private final List<ResourceSpec> resources;

    protected AbstractModelType(String type, String version, String description, Class<? extends Record> globalArguments,
                                List<ResourceSpec> resources) {
        this.type = type;
        this.version = version;
        this.description = description;
        this.globalArguments = globalArguments;
        this.resources = List.copyOf(resources);
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final String version() {
        return version;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Class<? extends Record> globalArguments() {
        return globalArguments;
    }

    @Override
    public final List<ResourceSpec> resources() {
        return resources;
    }
}
