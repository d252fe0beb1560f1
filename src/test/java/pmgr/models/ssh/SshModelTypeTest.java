package pmgr.models.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import pmgr.model.ModelType;

/** Every shipped model type that reaches a host over SSH warns at start when its host keys go unchecked. */
class SshModelTypeTest {
    static final Map<String, Object> UNCHECKED = Map.of("ssh", Map.of("host", "10.0.0.8", "hostKeyPolicy", "skip"));

    @Test
    void everySshModelWarnsAboutUncheckedHostKeys() {
        List<ModelType> ssh = ServiceLoader.load(ModelType.class).stream().map(ServiceLoader.Provider::get)
                .filter(t -> Arrays.stream(t.globalArguments().getRecordComponents()).anyMatch(c -> c.getType() == SshConnection.class))
                .toList();
        assertThat(ssh).extracting(ModelType::type).contains("ssh/host", "minecraft/server", "docker/engine", "alpine/install", "nginx/stream");
        for (ModelType t : ssh) {
            assertThat(t.startupWarnings("lab1", UNCHECKED)).as(t.type())
                    .containsExactly("lab1: SSH host keys are NOT verified (ssh.hostKeyPolicy: skip); a host could be impersonated");
            assertThat(t.startupWarnings("lab1", Map.of("ssh", Map.of("host", "10.0.0.8", "hostKeyPolicy", "strict")))).as(t.type()).isEmpty();
        }
    }
}
