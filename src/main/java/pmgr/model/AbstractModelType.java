package pmgr.model;

import java.util.List;

/**
 * A model type's declaration in one place: type name, version, description, the record its
 * definitions' global arguments bind to ({@code G}), and the resources it writes; a subclass adds its
 * methods with {@link #method}, whose bodies receive those global arguments typed.
 */
public abstract class AbstractModelType<G extends Record> implements ModelType {
    private final String type;
    private final String version;
    private final String description;
    private final Class<G> globalArguments;
    private final List<ResourceSpec> resources;

    protected AbstractModelType(String type, String version, String description, Class<G> globalArguments,
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

    /** What a method does, given the definition's global arguments and the call's own. */
    @FunctionalInterface
    protected interface Body<G, A> {
        void run(G globals, A arguments, MethodContext ctx) throws Exception;
    }

    /** A method whose body receives the typed global arguments and its own arguments, and returns nothing. */
    protected final <A extends Record> ModelMethod<A> method(String name, String description, Class<A> arguments,
                                                            List<String> writes, Body<G, A> body) {
        return ModelMethod.of(name, description, arguments, writes, (a, ctx) -> {
            body.run(ctx.globals(globalArguments), a, ctx);
            return null;
        });
    }
}
