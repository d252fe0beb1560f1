package pmgr.models.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamFilesTest {

    @Test
    void portsGoIntoAnEmptyListThenAfterTheLastPublishedOne() {
        String fresh = StreamFiles.compose("stream-proxy", List.of());
        assertThat(StreamFiles.publishedPorts(fresh)).isEmpty();
        String one = StreamFiles.withPorts(fresh, List.of("25565:25565"));
        assertThat(one).contains("    ports:\n      - '25565:25565'\n    volumes:");
        String two = StreamFiles.withPorts(one, List.of("7777:7777/udp"));
        assertThat(two).contains("      - '25565:25565'\n      - '7777:7777/udp'\n    volumes:");
        assertThat(StreamFiles.publishedPorts(two)).containsExactly("25565/tcp", "7777/udp");
        assertThat(StreamFiles.publishedValues(two)).containsExactly("25565:25565", "7777:7777/udp");
        // init with force writes the shipped form again, keeping what is published
        assertThat(StreamFiles.compose("stream-proxy", StreamFiles.publishedValues(two))).isEqualTo(two);
    }

    @Test
    void handWrittenPortListsAreReadAndExtended() {
        String compose = """
                services:
                  proxy:
                    image: nginx:alpine
                    ports:
                      - "80:80"
                      - 53:53/udp
                """;
        assertThat(StreamFiles.publishedPorts(compose)).containsExactly("80/tcp", "53/udp");
        assertThat(StreamFiles.withPorts(compose, List.of("443:443"))).contains("      - 53:53/udp\n      - '443:443'\n");
        assertThatThrownBy(() -> StreamFiles.withPorts("services:\n  proxy:\n    image: nginx\n", List.of("1:1")))
                .hasMessageContaining("has no ports key");
    }

    @Test
    void aServiceConfigHasOneServerBlockPerMappingOnTheListenAddress() {
        PortMap map = PortMap.parse("25565:25566,7777/udp", "portMap");
        assertThat(StreamFiles.serviceConf("allthemons", "100.64.0.2", "", map, null)).isEqualTo("""
                # allthemons (written by pmgr nginx/stream configure)
                server {
                    listen 25565;
                    proxy_pass 100.64.0.2:25566;
                }

                server {
                    listen 7777 udp;
                    proxy_pass 100.64.0.2:7777;
                }
                """);
        assertThat(StreamFiles.serviceConf("allthemons", "100.64.0.2", "127.0.0.9", map, null)).contains("listen 127.0.0.9:25565;",
                "listen 127.0.0.9:7777 udp;");
    }
}
