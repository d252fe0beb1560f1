package pmgr.models.ssh;

import java.util.List;
import java.util.Map;
import pmgr.model.AbstractModelType;
import pmgr.model.ResourceSpec;

/**
 * A model type that works on a host over SSH (its globals have an {@code ssh} component): at start
 * it warns about a definition that switches host-key checks off.
 */
public abstract class SshModelType<G extends Record> extends AbstractModelType<G> {
    protected SshModelType(String type, String version, String description, Class<G> globalArguments,
                           List<ResourceSpec> resources) {
        super(type, version, description, globalArguments, resources);
    }

    @Override
    public List<String> startupWarnings(String instance, Map<String, Object> globals) {
        return SshConnection.warnings(instance, globals);
    }
}
