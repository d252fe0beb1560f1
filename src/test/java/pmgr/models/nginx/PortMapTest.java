package pmgr.models.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PortMapTest {
    static final Pattern SYNTAX = Pattern.compile(PortMap.PATTERN);

    @Test
    void entriesDefaultTheBackendToTheListenPortAndTheProtocolToTcp() {
        PortMap map = PortMap.parse("25565:25566, 7777/udp,8080", "portMap");
        assertThat(map.mappings()).containsExactly(new PortMap.Mapping(25565, 25566, "tcp"), new PortMap.Mapping(7777, 7777, "udp"),
                new PortMap.Mapping(8080, 8080, "tcp"));
        assertThat(map.mappings()).extracting(PortMap.Mapping::published).containsExactly("25565:25565", "7777:7777/udp", "8080:8080");
    }

    @Test
    void thePatternRefusesBadSyntaxAndPortsOutOfRange() {
        for (String good : List.of("1", "65535", "25565:25565", "7777:7777/udp", "1:2, 3:4/tcp")) {
            assertThat(SYNTAX.matcher(good).matches()).as(good).isTrue();
        }
        for (String bad : List.of("", "0", "65536", "99999:1", "080", "25565:", ":25565", "25565/sctp", "25565;reboot", "1:2,", "a:b",
                "25565 25566", "1:2:3")) {
            assertThat(SYNTAX.matcher(bad).matches()).as(bad).isFalse();
        }
    }

    @Test
    void parseNamesTheFieldTheEntryAndTheRule() {
        assertThatThrownBy(() -> PortMap.parse("25565,25565", "portMap")).hasMessageContaining("portMap entry 2 '25565'")
                .hasMessageContaining("25565/tcp again");
        assertThat(PortMap.parse("25565,25565/udp", "portMap").mappings()).hasSize(2);
        assertThatThrownBy(() -> PortMap.parse("70000:1", "portMap")).hasMessageContaining("portMap entry 1 '70000:1': port 70000 is not 1-65535");
        assertThatThrownBy(() -> PortMap.parse("1:x", "portMap")).hasMessageContaining("portMap entry 1 '1:x' must be listen[:backend][/tcp|udp]");
        assertThatThrownBy(() -> PortMap.parse(" ", "portMap")).hasMessageContaining("portMap is required");
    }
}
